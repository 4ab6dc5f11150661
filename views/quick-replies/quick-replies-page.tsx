// Quick replies (快捷回复): an agent's own (/quick-replies) and the team's (/admin/quick-replies, for
// admins), grouped; add, edit, delete, import and export (JSON or CSV).
import { Csrf } from "../parts/csrf-field";
import type { Locale, Translate } from "../../src/i18n/index";
import { AdminNav } from "../admin/admin-nav";
import { Layout, type NavUser } from "../layout";

export interface ReplyRow {
  id: string;
  groupName: string;
  title: string;
  shortcut: string;
  body: string;
}

export interface QuickRepliesPageProps {
  t: Translate;
  locale: Locale;
  user: NavUser;
  csrfToken: string;
  /** "mine": the agent's own; "team": the team's (admin console) */
  which: "mine" | "team";
  replies: ReplyRow[];
  error?: string;
  notice?: string;
}

function ReplyFields(p: { t: Translate; r?: ReplyRow }) {
  return (
    <>
      <label>
        {p.t("quickReplies.group")}
        <input name="groupName" value={p.r?.groupName ?? ""} maxLength={60} />
      </label>
      <label>
        {p.t("quickReplies.title")}
        <input name="title" value={p.r?.title ?? ""} required maxLength={100} data-testid="quick-reply-title" />
      </label>
      <label>
        {p.t("quickReplies.shortcut")}
        <input name="shortcut" value={p.r?.shortcut ?? ""} maxLength={32} data-testid="quick-reply-shortcut" />
      </label>
      <label>
        {p.t("quickReplies.body")}
        <textarea name="body" rows={3} required maxLength={2000} data-testid="quick-reply-body">
          {p.r?.body ?? ""}
        </textarea>
      </label>
    </>
  );
}

export function QuickRepliesPage(p: QuickRepliesPageProps) {
  const base = p.which === "team" ? "/admin/quick-replies" : "/quick-replies";
  const groups = new Map<string, ReplyRow[]>();
  for (const r of p.replies) groups.set(r.groupName, [...(groups.get(r.groupName) ?? []), r]);
  const title = p.t(p.which === "team" ? "quickReplies.teamTitle" : "quickReplies.mineTitle");
  const body = (
    <>
      <h1>{title}</h1>
      <p class="muted">{p.t("quickReplies.intro")}</p>
      {p.notice && (
        <p class="notice" role="status">
          {p.notice}
        </p>
      )}
      {p.error && (
        <p class="error" role="alert" data-testid="quick-reply-error">
          {p.error}
        </p>
      )}
      {p.replies.length === 0 && <p class="empty">{p.t("quickReplies.empty")}</p>}
      {[...groups].map(([group, list]) => (
        <section class="card">
          <h2>{group || p.t("quickReplies.noGroup")}</h2>
          {list.map((r) => (
            <details data-testid="quick-reply-row" data-id={r.id}>
              <summary>
                {r.shortcut && <code>/{r.shortcut}</code>} {r.title}
              </summary>
              <form method="post" action={`${base}/${r.id}`} class="stack">
                <Csrf token={p.csrfToken} />
                <ReplyFields t={p.t} r={r} />
                <button type="submit" class="secondary">
                  {p.t("quickReplies.save")}
                </button>
              </form>
              <form method="post" action={`${base}/${r.id}/delete`} class="inline">
                <Csrf token={p.csrfToken} />
                <button type="submit" class="link danger">
                  {p.t("quickReplies.delete")}
                </button>
              </form>
            </details>
          ))}
        </section>
      ))}
      <section class="card">
        <h2>{p.t("quickReplies.add")}</h2>
        <form method="post" action={base} class="stack" data-testid="quick-reply-new">
          <Csrf token={p.csrfToken} />
          <ReplyFields t={p.t} />
          <p class="muted small">{p.t("quickReplies.variables")}</p>
          <button type="submit" class="primary" data-testid="quick-reply-add">
            {p.t("quickReplies.add")}
          </button>
        </form>
      </section>
      <section class="card">
        <h2>{p.t("quickReplies.importExport")}</h2>
        <p>
          <a href={`${base}/export.json`} download>
            {p.t("quickReplies.exportJson")}
          </a>{" "}
          ·{" "}
          <a href={`${base}/export.csv`} download>
            {p.t("quickReplies.exportCsv")}
          </a>
        </p>
        <p class="muted small">{p.t("quickReplies.importHelp")}</p>
        <form method="post" action={`${base}/import`} enctype="multipart/form-data" class="stack">
          <Csrf token={p.csrfToken} />
          <input type="file" name="file" accept=".json,.csv,application/json,text/csv" required aria-label={p.t("quickReplies.importFile")} />
          <button type="submit" class="secondary">
            {p.t("quickReplies.import")}
          </button>
        </form>
      </section>
    </>
  );
  return (
    <Layout t={p.t} locale={p.locale} title={title} user={p.user} csrfToken={p.csrfToken} path={base}>
      {p.which === "team" ? (
        <div class="admin">
          <AdminNav t={p.t} grant={p.user.grant} active={base} />
          <main class="admin-main">{body}</main>
        </div>
      ) : (
        <main class="page">{body}</main>
      )}
    </Layout>
  );
}
