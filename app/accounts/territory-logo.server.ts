import type { DB } from "../../db/client";
import type { LogoMimeType } from "../../db/schema";
import type { CleanLogo } from "./logo-check.server";

// A territory's logo (issue 14, part 8; docs/decisions/030-territory-logo.md): stored in the
// database (so backups carry it) once logo-check.server.ts has checked and cleaned it; served by
// /logo/:territory with headers that never let it run.

/** Stores (or replaces) a territory's logo. */
export async function saveTerritoryLogo(
  db: DB,
  territoryId: number,
  logo: CleanLogo,
  uploadedBy: number | null,
): Promise<void> {
  const row = {
    mime_type: logo.mimeType,
    bytes: logo.bytes,
    sha256: logo.sha256,
    width: logo.width,
    height: logo.height,
    uploaded_at: new Date().toISOString(),
    uploaded_by: uploadedBy,
  };
  await db
    .insertInto("territory_logo")
    .values({ territory_id: territoryId, ...row })
    .onConflict((oc) => oc.column("territory_id").doUpdateSet(row))
    .execute();
}

/** Removes a territory's logo; whether there was one. */
export async function removeTerritoryLogo(db: DB, territoryId: number): Promise<boolean> {
  const result = await db
    .deleteFrom("territory_logo")
    .where("territory_id", "=", territoryId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export interface TerritoryLogoInfo {
  mimeType: LogoMimeType;
  sha256: string;
  width: number | null;
  height: number | null;
  uploadedAt: string;
  size: number;
}

/** What pages need to show a territory's logo (not its bytes), if it has one. */
export async function territoryLogoInfo(db: DB, territoryId: number): Promise<TerritoryLogoInfo | undefined> {
  const row = await db
    .selectFrom("territory_logo")
    .select([
      "mime_type",
      "sha256",
      "width",
      "height",
      "uploaded_at",
      (eb) => eb.fn("length", ["bytes"]).as("size"),
    ])
    .where("territory_id", "=", territoryId)
    .executeTakeFirst();
  return row
    ? {
        mimeType: row.mime_type,
        sha256: row.sha256,
        width: row.width,
        height: row.height,
        uploadedAt: row.uploaded_at,
        size: Number(row.size),
      }
    : undefined;
}

/** A territory's logo with its bytes, by the territory's slug (the public /logo/:territory route). */
export async function findTerritoryLogo(db: DB, territorySlug: string) {
  return db
    .selectFrom("territory_logo")
    .innerJoin("territory", "territory.id", "territory_logo.territory_id")
    .select(["territory.slug", "territory_logo.mime_type", "territory_logo.bytes", "territory_logo.sha256"])
    .where("territory.slug", "=", territorySlug)
    .executeTakeFirst();
}

/** "/logo/marseille-nord?v=3f2a…": the address changes with the image, so it can be cached long. */
export function logoPath(territorySlug: string, sha256: string): string {
  return `/logo/${encodeURIComponent(territorySlug)}?v=${sha256.slice(0, 16)}`;
}

/** The address of a territory's logo for an <img>, or null when it has none. */
export async function territoryLogoSrc(db: DB, territoryId: number): Promise<string | null> {
  const row = await db
    .selectFrom("territory_logo")
    .innerJoin("territory", "territory.id", "territory_logo.territory_id")
    .select(["territory.slug", "territory_logo.sha256"])
    .where("territory_logo.territory_id", "=", territoryId)
    .executeTakeFirst();
  return row ? logoPath(row.slug, row.sha256) : null;
}
