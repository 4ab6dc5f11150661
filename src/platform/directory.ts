// The operator console's list of enterprises: search by name, 企业ID or an email of its people;
// state, seats, created and last-active dates. Paged; the per-row figures use indexed lookups.
import type { Db } from "../db/client";
import type { EnterpriseState } from "./standing";
import { pageOf } from "../db/pages";

export interface DirectoryRow {
  id: string;
  name: string;
  displayId: string | null;
  state: EnterpriseState;
  suspended: boolean;
  adminEmail: string | null;
  /** active seats */
  seats: number;
  createdAt: number;
  /** the newest sign-in of any of its people still on record, or null */
  lastActiveAt: number | null;
}

export const DIRECTORY_PAGE_SIZE = 50;

const ROW = `
  select e.id, e.name, e.created_at as createdAt, pa.display_id as displayId, coalesce(pa.state, 'verified') as state,
    pa.suspended_at is not null as suspended,
    (select u.email from users u where u.enterprise_id = e.id and u.role = 'admin' order by u.created_at limit 1) as adminEmail,
    (select count(*) from users u where u.enterprise_id = e.id and u.seat_state = 'active') as seats,
    (select max(s.created_at) from users u join sessions s on s.user_id = u.id where u.enterprise_id = e.id) as lastActiveAt
  from enterprises e left join platform_accounts pa on pa.enterprise_id = e.id`;

const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function searchEnterprises(db: Db, q: string, page = 1): { rows: DirectoryRow[]; page: number; pages: number } {
  const term = q.trim().slice(0, 100);
  const where = term
    ? `where e.name like ?1 escape '\\' or pa.display_id = ?2 or e.id = ?2 or exists (select 1 from users u where u.enterprise_id = e.id and u.email like ?1 escape '\\')`
    : "";
  const params = term ? [like(term), term] : [];
  const total = (db.$client.query(`select count(*) as n from enterprises e left join platform_accounts pa on pa.enterprise_id = e.id ${where}`).get(...params) as { n: number }).n;
  const { pages, page: p } = pageOf(total, DIRECTORY_PAGE_SIZE, page);
  const rows = db.$client.query(`${ROW} ${where} order by e.created_at desc, e.id limit ${DIRECTORY_PAGE_SIZE} offset ${(p - 1) * DIRECTORY_PAGE_SIZE}`).all(...params) as (Omit<DirectoryRow, "suspended"> & { suspended: number })[];
  return { rows: rows.map((r) => ({ ...r, suspended: !!r.suspended })), page: p, pages };
}

export function directoryRow(db: Db, enterpriseId: string): DirectoryRow | undefined {
  const r = db.$client.query(`${ROW} where e.id = ?1`).get(enterpriseId) as (Omit<DirectoryRow, "suspended"> & { suspended: number }) | null;
  return r ? { ...r, suspended: !!r.suspended } : undefined;
}
