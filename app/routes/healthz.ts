import { getDb } from "~/db.server";
import { pingDatabase } from "~/web/health.server";

/** 200 when the database answers; 503 otherwise (for load balancers and uptime checks). */
export async function loader() {
  const ok = await getDb()
    .then(pingDatabase)
    .catch(() => false);
  return new Response(ok ? "ok\n" : "database unavailable\n", {
    status: ok ? 200 : 503,
    headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" },
  });
}
