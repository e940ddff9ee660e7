// Browser side of the service worker (public/sw.js): register it on respondent pages and
// tell it what to keep so the page works offline (decision 013).

/** Registers the worker once (production only: the dev server's modules change all the time). */
export function registerOfflineWorker(): void {
  if (!import.meta.env.PROD || !("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register("/sw.js").catch(() => {
    // No offline copy then; everything else works as before.
  });
}

/** Asks the worker to keep this page and every same-origin file it has loaded. */
export function keepForOffline(): void {
  if (!("serviceWorker" in navigator)) return;
  void navigator.serviceWorker.ready.then((registration) => {
    const urls = [
      window.location.pathname + window.location.search,
      ...performance
        .getEntriesByType("resource")
        .map((entry) => entry.name)
        .filter((name) => name.startsWith(window.location.origin)),
    ];
    registration.active?.postMessage({ type: "keep", urls });
  });
}
