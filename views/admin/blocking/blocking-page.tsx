// Admin → Settings → Blocked visitors (黑名单): the live blocks (or all, with lifted and expired
// ones), found by visitor, address, reason or agent, a page at a time; each live one can be lifted.
import { PostButton } from "../../parts/post-button";
import type { Locale, Translate } from "../../../src/i18n/index";
import type { Block } from "../../../src/blocking/blocks";
import type { NavUser } from "../../layout";

import { RoutingPage } from "../routing/parts";
import { Flash } from "../../parts/flash";
import { formatDateTime } from "../../../common/time-format";

export interface BlockingData {
  t: Translate;
  locale: Locale;
  csrfToken: string;
  user: NavUser;
  /** each block with the visitor id as agents see it (src/chat/visitors.ts displayId) */
  blocks: (Block & { display: string })[];
  total: number;
  page: number;
  pages: number;
  q: string;
  all: boolean;
  now: number;
  notice?: string;
  error?: string;
}

const href = (q: string, all: boolean, page: number) => `/admin/blocking?${new URLSearchParams({ ...(q ? { q } : {}), ...(all ? { all: "1" } : {}), page: String(page) })}`;

function state(b: Pick<Block, "liftedAt" | "expiresAt">, now: number): "lifted" | "expired" | "live" {
  if (b.liftedAt !== null) return "lifted";
  return b.expiresAt !== null && b.expiresAt <= now ? "expired" : "live";
}

export function BlockingPage(d: BlockingData) {
  const t = d.t;
  return (
    <RoutingPage t={t} locale={d.locale} csrfToken={d.csrfToken} user={d.user} path="/admin/blocking" title={t("blocking.title")} intro={t("blocking.intro")}>
      <Flash error={d.error} notice={d.notice} />
      <form method="get" action="/admin/blocking" class="card inline" role="search">
        <label>
          {t("blocking.search")} <input type="search" name="q" value={d.q} data-testid="blocking-search" />
        </label>
        <label>
          <input type="checkbox" name="all" value="1" checked={d.all} /> {t("blocking.show_all")}
        </label>
        <button type="submit" class="small-button">
          {t("blocking.search.button")}
        </button>
      </form>
      <p class="muted">{t("blocking.count", { count: d.total })}</p>
      {d.blocks.length === 0 ? (
        <p class="muted">{t("blocking.none")}</p>
      ) : (
        <table class="table" data-testid="blocking-list">
          <thead>
            <tr>
              <th>{t("blocking.col.visitor")}</th>
              <th>{t("blocking.col.reason")}</th>
              <th>{t("blocking.col.by")}</th>
              <th>{t("blocking.col.until")}</th>
              <th>{t("blocking.col.state")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {d.blocks.map((b) => {
              const s = state(b, d.now);
              return (
                <tr data-testid="block-item" data-state={s}>
                  <td>
                    <code>{b.display}</code>
                    {b.ip && <span class="muted small"> · {t("blocking.with_ip", { ip: b.ip })}</span>}
                  </td>
                  <td>{b.reason || <span class="muted">—</span>}</td>
                  <td>
                    {b.createdByName}
                    <br />
                    <span class="muted small">{formatDateTime(b.createdAt, d.locale)}</span>
                  </td>
                  <td>{b.expiresAt === null ? t("blocking.permanent") : formatDateTime(b.expiresAt, d.locale)}</td>
                  <td>{s === "lifted" ? t("blocking.state.lifted", { name: b.liftedByName ?? "" }) : t(`blocking.state.${s}`)}</td>
                  <td>
                    {s === "live" && (
                      <PostButton action={`/admin/blocking/${b.id}/lift`} csrfToken={d.csrfToken} testId="lift-block">
                        {t("blocking.lift")}
                      </PostButton>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {d.pages > 1 && (
        <nav class="pager">
          {d.page > 1 && <a href={href(d.q, d.all, d.page - 1)}>{t("blocking.previous")}</a>}
          <span class="muted small">{t("blocking.page", { page: d.page, pages: d.pages })}</span>
          {d.page < d.pages && <a href={href(d.q, d.all, d.page + 1)}>{t("blocking.next")}</a>}
        </nav>
      )}
    </RoutingPage>
  );
}
