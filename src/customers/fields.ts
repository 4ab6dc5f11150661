// Custom fields of customers (admin-defined): text, number, date or one of a list of choices. A
// value is checked against its field's type before it is stored; stored values are canonical text.
import { asc, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { customerFieldDefs } from "../db/schema";
import { newId } from "../db/ids";
import { scoped } from "../db/scope";
import { UserError } from "../errors";

export const FIELD_TYPES = ["text", "number", "date", "choice"] as const;
export type FieldType = (typeof FIELD_TYPES)[number];
export const MAX_FIELDS = 30;
export const MAX_LABEL = 60;
export const MAX_TEXT_VALUE = 500;
export const MAX_OPTIONS = 50;

export interface FieldDef {
  id: string;
  label: string;
  type: FieldType;
  options: string[];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseOptions(raw: string): string[] {
  try {
    const v = JSON.parse(raw);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

export function listFieldDefs(db: Db, enterpriseId: string): FieldDef[] {
  return scoped(db, enterpriseId)
    .select(customerFieldDefs)
    .orderBy(asc(customerFieldDefs.position), asc(customerFieldDefs.createdAt))
    .all()
    .map((d) => ({ id: d.id, label: d.label, type: d.type, options: parseOptions(d.options) }));
}

/** Options as an admin types them: one per line or comma-separated (、，too), trimmed, unique. */
export function optionsFromText(text: string): string[] {
  return [...new Set(text.split(/[\n,，、]/).map((s) => s.trim().slice(0, 100)).filter(Boolean))].slice(0, MAX_OPTIONS);
}

export function addFieldDef(db: Db, enterpriseId: string, input: { label: unknown; type: unknown; options?: unknown }): FieldDef {
  const label = typeof input.label === "string" ? input.label.trim() : "";
  if (!label || label.length > MAX_LABEL) throw new UserError("customer_field_label", 422, { max: MAX_LABEL });
  const type = FIELD_TYPES.find((t) => t === input.type);
  if (!type) throw new UserError("bad_request", 400, { reason: "type" });
  const options = type === "choice" ? optionsFromText(typeof input.options === "string" ? input.options : "") : [];
  if (type === "choice" && options.length === 0) throw new UserError("customer_field_options", 422);
  const existing = listFieldDefs(db, enterpriseId);
  if (existing.length >= MAX_FIELDS) throw new UserError("customer_field_limit", 422, { max: MAX_FIELDS });
  const id = newId("cfd");
  scoped(db, enterpriseId).insert(customerFieldDefs, { id, label, type, options: JSON.stringify(options), position: existing.length, createdAt: Date.now() }).run();
  return { id, label, type, options };
}

export function deleteFieldDef(db: Db, enterpriseId: string, id: string): FieldDef {
  const def = listFieldDefs(db, enterpriseId).find((d) => d.id === id);
  if (!def) throw new UserError("not_found", 404);
  scoped(db, enterpriseId).delete(customerFieldDefs, eq(customerFieldDefs.id, id)).run();
  return def;
}

export type FieldValueProblem = "number" | "date" | "choice" | "too_long";

/** The canonical text of a value for its field, or the problem with it. An empty value clears the field. */
export function checkFieldValue(def: FieldDef, raw: string): { value: string } | { problem: FieldValueProblem } {
  const v = raw.trim();
  if (!v) return { value: "" };
  switch (def.type) {
    case "text":
      return v.length > MAX_TEXT_VALUE ? { problem: "too_long" } : { value: v };
    case "number": {
      const n = Number(v.replace(/,/g, ""));
      return v.length <= 40 && /^[-+]?[\d,]*\.?\d+(e[-+]?\d+)?$/i.test(v) && Number.isFinite(n) ? { value: String(n) } : { problem: "number" };
    }
    case "date": {
      const m = DATE.exec(v);
      if (!m) return { problem: "date" };
      const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
      return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]) ? { value: v } : { problem: "date" };
    }
    case "choice":
      return def.options.includes(v) ? { value: v } : { problem: "choice" };
  }
}
