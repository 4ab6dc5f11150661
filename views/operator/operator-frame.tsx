// The operator console's frame: its own top bar (operators are no enterprise's users, so the
// enterprise navigation does not apply), the console's sections and sign-out.
import { Csrf } from "../parts/csrf-field";
import type { ComponentChildren } from "preact";
import type { Locale, Translate } from "../../src/i18n/index";
import { Layout } from "../layout";

const SECTIONS = [
  { href: "/operator/verifications", label: "platform.op.nav.verifications" },
  { href: "/operator/enterprises", label: "platform.op.nav.enterprises" },
  { href: "/operator/service", label: "service.op.nav" },
  { href: "/operator/billing", label: "billing.op.nav.billing" },
  { href: "/operator/audit", label: "platform.op.nav.audit" },
  { href: "/operator/settings", label: "platform.op.nav.settings" },
];

/** What every operator console page is given besides its own data. */
export interface OperatorPageBase {
  t: Translate;
  locale: Locale;
  csrfToken: string;
  operatorName: string;
  error?: string;
  notice?: string;
}

export interface OperatorFrameProps {
  t: Translate;
  locale: Locale;
  csrfToken: string;
  operatorName: string;
  title: string;
  path: string;
  /** stylesheets beyond the console's own */
  styles?: string[];
  children: ComponentChildren;
}

export function OperatorFrame(p: OperatorFrameProps) {
  const other = p.locale === "zh-CN" ? "en" : "zh-CN";
  return (
    <Layout t={p.t} locale={p.locale} title={p.title} csrfToken={p.csrfToken} path={p.path} styles={["/static/css/team.css", "/static/css/platform.css", ...(p.styles ?? [])]}>
      <header class="topbar">
        <a class="brand" href="/operator">
          Parley · {p.t("platform.op.console")}
        </a>
        <nav class="tabs" aria-label={p.t("platform.op.console")}>
          {SECTIONS.map((s) => (
            <a href={s.href} class={p.path.startsWith(s.href) ? "active" : ""} aria-current={p.path.startsWith(s.href) ? "page" : undefined}>
              {p.t(s.label)}
            </a>
          ))}
        </nav>
        <div class="topbar-end">
          <a class="lang" href={`/lang/${other}?back=${encodeURIComponent(p.path)}`} hreflang={other}>
            {p.t("common.lang.switch")}
          </a>
          <span class="who" data-testid="operator-name">
            {p.operatorName}
          </span>
          <form method="post" action="/operator/logout" class="inline">
            <Csrf token={p.csrfToken} />
            <button type="submit" class="link" data-testid="operator-logout">
              {p.t("common.nav.logout")}
            </button>
          </form>
        </div>
      </header>
      <main class="admin-main operator">{p.children}</main>
    </Layout>
  );
}

export function Pager(p: { t: Translate; page: number; pages: number; href: (page: number) => string }) {
  if (p.pages <= 1) return null;
  return (
    <nav class="pager">
      {p.page > 1 && <a href={p.href(p.page - 1)}>{p.t("platform.op.newer")}</a>}
      <span class="muted small">{p.t("platform.op.page", { page: p.page, pages: p.pages })}</span>
      {p.page < p.pages && <a href={p.href(p.page + 1)}>{p.t("platform.op.older")}</a>}
    </nav>
  );
}
