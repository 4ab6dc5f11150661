// Sites (终端): each website that embeds the widget, with its public key and embed code.
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { sites } from "../db/schema";
import { scoped } from "../db/scope";
import { newId, randomToken } from "../db/ids";
import { keptRowsPerConnection } from "../db/kept-rows";
import { UserError } from "../errors";

export type Site = typeof sites.$inferSelect;

function cleanName(name: unknown): string {
  const clean = typeof name === "string" ? name.trim() : "";
  if (!clean || clean.length > 80) throw new UserError("invalid_name");
  return clean;
}

export function createSite(db: Db, enterpriseId: string, name: string): Site {
  const site = { id: newId("site"), key: randomToken(20), name: cleanName(name), createdAt: Date.now() };
  scoped(db, enterpriseId).insert(sites, site).run();
  return getSite(db, enterpriseId, site.id)!;
}

/** Renames a site (its key, and so its embed code, stays). */
export function renameSite(db: Db, enterpriseId: string, id: string, name: unknown): Site {
  if (!getSite(db, enterpriseId, id)) throw new UserError("not_found", 404);
  scoped(db, enterpriseId).update(sites, { name: cleanName(name) }, eq(sites.id, id)).run();
  return getSite(db, enterpriseId, id)!;
}

export function getSite(db: Db, enterpriseId: string, id: string): Site | undefined {
  return scoped(db, enterpriseId).select(sites, eq(sites.id, id)).get();
}

export function listSites(db: Db, enterpriseId: string): Site[] {
  return scoped(db, enterpriseId).select(sites).all();
}

/** Far more sites than one node serves; an unknown key is never kept, so made-up keys cannot fill it. */
const MAX_KEPT_SITES = 10_000;
const keptSites = keptRowsPerConnection<string, Site>({ table: "sites", max: MAX_KEPT_SITES });

/**
 * The public key is the widget's only credential and tells which enterprise a visitor belongs to.
 * Every widget request and visitor hello asks it, so sites are kept by key (src/db/kept-rows.ts:
 * dropped when anything writes the table): one shared row, where each visitor socket held its own
 * copy of the site's style.
 */
export function siteByKey(db: Db, key: string): Site | undefined {
  if (typeof key !== "string" || key.length > 64) return undefined;
  const kept = keptSites(db);
  const hit = kept.get(key);
  if (hit) return hit;
  const row = db.select().from(sites).where(eq(sites.key, key)).get();
  return row ? kept.keep(key, row) : undefined;
}

/** The snippet to paste before </body> (PRODUCT.md contract). */
export function embedCode(origin: string, siteKey: string): string {
  return `<script src="${origin}/widget.js" data-site="${siteKey}" async></script>`;
}
