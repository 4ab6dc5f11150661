// Admin → Team → API tokens: create (the token is shown once), list, revoke.
import { PostButton } from "../../parts/post-button";
import { listOf, type Locale, type Translate } from "../../../src/i18n/index";
import type { NavUser } from "../../layout";
import { Csrf } from "../routing/parts";
import { AdminFrame } from "../team/admin-frame";
import { Flash } from "../../parts/flash";
import { formatDateTime } from "../../../common/time-format";

export interface TokenRow {
  id: string;
  name: string;
  modules: readonly string[];
  expiresAt: number | null;
  createdAt: number;
  lastUsedAt: number | null;
}

export interface TokensData {
  t: Translate;
  locale: Locale;
  csrfToken: string;
  user: NavUser;
  tokens: TokenRow[];
  /** the modules the admin may put on a token (those their own role grants, and metrics) */
  grantable: readonly string[];
  now: number;
  /** a token just created: the only time it is shown */
  created?: { name: string; token: string };
  notice?: string;
  error?: string;
  /** what was typed, when the form was refused */
  form?: { name: string; modules: readonly string[]; expires: string };
}

const moduleLabel = (t: Translate, m: string) => (m === "metrics" ? t("api.tokens.module.metrics") : t(`team.module.${m}`));

export function TokensPage(d: TokensData) {
  const t = d.t;
  return (
    <AdminFrame t={t} locale={d.locale} user={d.user} csrfToken={d.csrfToken} title={t("api.tokens.title")} path="/admin/api-tokens">
      <h1>{t("api.tokens.title")}</h1>
      <p class="muted">
        {t("api.tokens.intro")} <a href="/api/v1/docs">{t("api.tokens.reference")}</a>
      </p>
      <Flash error={d.error} notice={d.notice} />
      {d.created && (
        <div class="card notice" role="status" data-testid="api-token-created">
          <p>{t("api.tokens.created", { name: d.created.name })}</p>
          <p>
            <code data-testid="api-token-value">{d.created.token}</code>
          </p>
        </div>
      )}
      <form method="post" action="/admin/api-tokens" class="card stack" data-testid="api-token-form">
        <Csrf token={d.csrfToken} />
        <label>
          {t("api.tokens.name")}
          <input name="name" required maxLength={80} value={d.form?.name ?? ""} data-testid="api-token-name" />
        </label>
        <fieldset>
          <legend>{t("api.tokens.modules")}</legend>
          {d.grantable.map((m) => (
            <label class="inline">
              <input type="checkbox" name="modules" value={m} checked={d.form?.modules.includes(m)} data-testid={`api-token-module-${m}`} /> {moduleLabel(t, m)}
            </label>
          ))}
        </fieldset>
        <label>
          {t("api.tokens.expires")}
          <input type="date" name="expires" value={d.form?.expires ?? ""} data-testid="api-token-expires" />
        </label>
        <p>
          <button type="submit" class="primary" data-testid="api-token-create">
            {t("api.tokens.create")}
          </button>
        </p>
      </form>
      {d.tokens.length === 0 ? (
        <p class="muted">{t("api.tokens.none")}</p>
      ) : (
        <table class="list" data-testid="api-token-list">
          <thead>
            <tr>
              <th>{t("api.tokens.col.name")}</th>
              <th>{t("api.tokens.col.modules")}</th>
              <th>{t("api.tokens.col.created")}</th>
              <th>{t("api.tokens.col.expires")}</th>
              <th>{t("api.tokens.col.last_used")}</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {d.tokens.map((tok) => (
              <tr data-testid="api-token-item" data-id={tok.id}>
                <td>{tok.name}</td>
                <td>{listOf(d.locale, tok.modules.map((m) => moduleLabel(t, m)))}</td>
                <td>{formatDateTime(tok.createdAt, d.locale)}</td>
                <td>{tok.expiresAt === null ? t("api.tokens.never") : tok.expiresAt <= d.now ? t("api.tokens.expired") : formatDateTime(tok.expiresAt, d.locale)}</td>
                <td>{tok.lastUsedAt === null ? t("api.tokens.never") : formatDateTime(tok.lastUsedAt, d.locale)}</td>
                <td>
                  <PostButton action={`/admin/api-tokens/${tok.id}/revoke`} csrfToken={d.csrfToken} testId="api-token-revoke" kind="danger">
                    {t("api.tokens.revoke")}
                  </PostButton>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminFrame>
  );
}
