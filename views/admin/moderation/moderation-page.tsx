// Admin → Settings → Banned words (敏感词): the enterprise's list (paged, searchable), adding words
// one per line, removing them, and whether a message with one is masked or refused.
import { Flash } from "../../parts/flash";
import type { Locale, Translate } from "../../../src/i18n/index";
import type { NavUser } from "../../layout";

import { Csrf, RoutingPage } from "../routing/parts";

export interface ModerationData {
  t: Translate;
  locale: Locale;
  csrfToken: string;
  action: "mask" | "refuse";
  words: { id: string; word: string }[];
  total: number;
  page: number;
  pages: number;
  q: string;
  /** what was typed into the add box, kept when refused */
  typed?: string;
  notice?: string;
  error?: string;
}

const pageHref = (q: string, page: number) => `/admin/moderation?${new URLSearchParams({ ...(q ? { q } : {}), page: String(page) })}`;

export function ModerationPage(d: ModerationData & { user: NavUser }) {
  const t = d.t;
  return (
    <RoutingPage t={t} locale={d.locale} csrfToken={d.csrfToken} user={d.user} path="/admin/moderation" title={t("moderation.title")} intro={t("moderation.intro")}>
      <Flash error={d.error} notice={d.notice} />
      <form method="post" action="/admin/moderation/action" class="card stack" data-testid="moderation-action">
        <Csrf token={d.csrfToken} />
        <fieldset>
          <legend>{t("moderation.action")}</legend>
          {(["mask", "refuse"] as const).map((a) => (
            <label>
              <input type="radio" name="action" value={a} checked={d.action === a} data-testid={`moderation-action-${a}`} /> {t(`moderation.action.${a}`)}
            </label>
          ))}
        </fieldset>
        <p>
          <button type="submit" class="primary" data-testid="moderation-action-save">
            {t("moderation.save")}
          </button>
        </p>
      </form>
      <form method="post" action="/admin/moderation/words" class="card stack" data-testid="moderation-add">
        <Csrf token={d.csrfToken} />
        <label>
          {t("moderation.add")}
          <textarea name="words" rows={4} data-testid="moderation-words-input">
            {d.typed ?? ""}
          </textarea>
          <span class="muted small">{t("moderation.add.hint")}</span>
        </label>
        <p>
          <button type="submit" class="primary" data-testid="moderation-add-save">
            {t("moderation.add.button")}
          </button>
        </p>
      </form>
      <section class="card stack">
        <form method="get" action="/admin/moderation" class="inline" role="search">
          <label>
            {t("moderation.search")} <input type="search" name="q" value={d.q} data-testid="moderation-search" />
          </label>
          <button type="submit" class="small-button">
            {t("moderation.search.button")}
          </button>
        </form>
        <p class="muted">{t("moderation.count", { count: d.total })}</p>
        {d.words.length === 0 ? (
          <p class="muted">{t("moderation.none")}</p>
        ) : (
          <form method="post" action="/admin/moderation/words/remove">
            <Csrf token={d.csrfToken} />
            <ul class="word-list" data-testid="moderation-words">
              {d.words.map((w) => (
                <li data-testid="banned-word">
                  <label>
                    <input type="checkbox" name="id" value={w.id} /> {w.word}
                  </label>
                </li>
              ))}
            </ul>
            <button type="submit" class="small-button danger" data-testid="moderation-remove">
              {t("moderation.remove")}
            </button>
          </form>
        )}
        {d.pages > 1 && (
          <nav class="pager">
            {d.page > 1 && <a href={pageHref(d.q, d.page - 1)}>{t("moderation.previous")}</a>}
            <span class="muted small">{t("moderation.page", { page: d.page, pages: d.pages })}</span>
            {d.page < d.pages && <a href={pageHref(d.q, d.page + 1)}>{t("moderation.next")}</a>}
          </nav>
        )}
      </section>
    </RoutingPage>
  );
}
