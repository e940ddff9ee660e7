// Coéduc's service worker: keeps the questionnaire pages a family opened, so a parent who
// loses the connection can reload, finish and send later (the page sends with the same
// response id, so nothing is stored twice). Only respondent pages and the hashed assets are
// kept; the coordinators' pages never are (they carry personal data). See decision 013.
const VERSION = "1";
const PAGES = `coeduc-pages-${VERSION}`;
const ASSETS = `coeduc-assets-${VERSION}`;

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("coeduc-") && name !== PAGES && name !== ASSETS) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

/** Pages a respondent may need offline: a campaign's pages and their data, the route list. */
function isRespondentRequest(url) {
  if (url.pathname.startsWith("/s/")) return !url.pathname.includes("/resultats");
  return url.pathname === "/__manifest" || url.pathname === "/favicon.svg";
}

/** Hashed file names never change: the cache answers first. */
async function cacheFirst(request) {
  const cache = await caches.open(ASSETS);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

/** Pages change (the campaign may close): the network answers first, the cache when offline. */
async function networkFirst(request) {
  const cache = await caches.open(PAGES);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    // The route list asks with a version and the current links; any earlier answer will do.
    const hit = (await cache.match(request)) ?? (await cache.match(request, { ignoreSearch: true }));
    if (hit) return hit;
    // Nothing kept (the thank-you page after an offline send, say): the connection may have
    // just come back and not reached the worker yet. One more try a second later before the
    // page shows an error.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    try {
      return await fetch(request);
    } catch {
      throw error;
    }
  }
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return; // answers are sent by the page, never cached
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/assets/")) event.respondWith(cacheFirst(request));
  else if (isRespondentRequest(url)) event.respondWith(networkFirst(request));
});

// The page says what it needs to work offline: its own address and the files it loaded
// (some of them before this worker was in control, so they went past it).
self.addEventListener("message", (event) => {
  const data = event.data;
  if (!data || data.type !== "keep" || !Array.isArray(data.urls)) return;
  event.waitUntil(
    (async () => {
      const pages = await caches.open(PAGES);
      const assets = await caches.open(ASSETS);
      for (const href of data.urls.slice(0, 100)) {
        let url;
        try {
          url = new URL(href, self.location.origin);
        } catch {
          continue;
        }
        if (url.origin !== self.location.origin) continue;
        const isAsset = url.pathname.startsWith("/assets/");
        if (!isAsset && !isRespondentRequest(url)) continue;
        const cache = isAsset ? assets : pages;
        if (isAsset && (await cache.match(url.href))) continue;
        try {
          const response = await fetch(url.href, { credentials: "same-origin" });
          if (response.ok) await cache.put(url.href, response);
        } catch {
          // Offline already: what is cached stays.
        }
      }
    })(),
  );
});
