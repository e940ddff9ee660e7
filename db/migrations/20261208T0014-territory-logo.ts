import type { Kysely } from "kysely";

// Frozen in time: never import app code here.
// A territory's logo (issue 14, part 8; docs/decisions/030-territory-logo.md): the checked and
// cleaned image itself, in the database so that a backup carries it. At most one per territory.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("territory_logo")
    .addColumn("territory_id", "integer", (c) =>
      c.primaryKey().references("territory.id").onDelete("cascade"),
    )
    // "image/png", "image/jpeg" or "image/svg+xml", found from the bytes, never from the upload.
    .addColumn("mime_type", "text", (c) => c.notNull())
    .addColumn("bytes", "blob", (c) => c.notNull())
    // SHA-256 (hex) of `bytes`: the ETag, and the version in the logo's address.
    .addColumn("sha256", "text", (c) => c.notNull())
    // Pixels of a PNG or JPEG; null for an SVG.
    .addColumn("width", "integer")
    .addColumn("height", "integer")
    .addColumn("uploaded_at", "text", (c) => c.notNull())
    .addColumn("uploaded_by", "integer", (c) => c.references("user.id").onDelete("set null"))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("territory_logo").execute();
}
