import { type ReactNode, useEffect, useState } from "react";

/** Renders `children` only after hydration; `fallback` on the server and the first paint. */
export function ClientOnly({ children, fallback }: { children: () => ReactNode; fallback: ReactNode }) {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return <>{hydrated ? children() : fallback}</>;
}
