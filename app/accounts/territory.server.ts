import type { DB } from "../../db/client";

/** SQLite's CURRENT_TIMESTAMP ("2026-11-26 22:19:52", UTC) as ISO-8601, so it is not read as local time. */
export function timestampToIso(value: string): string {
  return /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(value) ? `${value.replace(" ", "T")}Z` : value;
}

export interface TerritorySummary {
  id: number;
  slug: string;
  name: string;
  createdAt: string;
  campaignCount: number;
}

/** Every territory with its number of campaigns, by name (admins only: the route checks the role). */
export async function listTerritories(db: DB): Promise<TerritorySummary[]> {
  const rows = await db
    .selectFrom("territory")
    .leftJoin("campaign", "campaign.territory_id", "territory.id")
    .select((eb) => [
      "territory.id",
      "territory.slug",
      "territory.name",
      "territory.created_at",
      eb.fn.count<number>("campaign.id").as("campaignCount"),
    ])
    .groupBy(["territory.id", "territory.slug", "territory.name", "territory.created_at"])
    .orderBy("territory.name")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    name: r.name,
    createdAt: timestampToIso(r.created_at),
    campaignCount: Number(r.campaignCount),
  }));
}

export class TerritoryError extends Error {
  constructor(
    readonly code: "slug_taken",
    message: string,
  ) {
    super(message);
    this.name = "TerritoryError";
  }
}

/** Creates a territory; throws a TerritoryError when the slug is taken. */
export async function createTerritory(db: DB, input: { slug: string; name: string }): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const taken = await trx
      .selectFrom("territory")
      .select("id")
      .where("slug", "=", input.slug)
      .executeTakeFirst();
    if (taken) throw new TerritoryError("slug_taken", `Territory "${input.slug}" already exists`);
    const row = await trx
      .insertInto("territory")
      .values({ slug: input.slug, name: input.name })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  });
}

/** A territory by its slug (its id, slug and name), if it exists. */
export async function findTerritoryBySlug(db: DB, slug: string) {
  return db
    .selectFrom("territory")
    .select(["id", "slug", "name"])
    .where("slug", "=", slug)
    .executeTakeFirst();
}

/** A territory by its id (its id, slug and name), if it exists. */
export async function findTerritoryById(db: DB, id: number) {
  return db.selectFrom("territory").select(["id", "slug", "name"]).where("id", "=", id).executeTakeFirst();
}
