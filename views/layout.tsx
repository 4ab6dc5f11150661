// The page frame every server-rendered page shares: head, top navigation, language switch.
import { Csrf } from "./parts/csrf-field";
import type { ComponentChildren } from "preact";
import { navFor, type Grant } from "../common/permissions";
import type { Locale, Translate } from "../src/i18n";

/** Who is signed in, as far as the navigation cares: it shows only what their role grants. */
export interface NavUser {
  name: string;
  grant: Pick<Grant, "modules">;
  /** the colour scheme they chose on the account page; absent or "system": the system's */
  theme?: "system" | "light" | "dark";
}

/** The page's colour schemes: both (the system decides, CSS light-dark()) or the one the person chose. */
const schemeOf = (theme: NavUser["theme"]) => (theme === "light" || theme === "dark" ? theme : "light dark");

export interface LayoutProps {
  t: Translate;
  locale: Locale;
  title: string;
  user?: NavUser | null;
  csrfToken?: string;
  /** the current path, to mark the active tab and come back after a language switch */
  path?: string;
  styles?: string[];
  scripts?: { src: string; module?: boolean }[];
  /** bare pages (sign-in, set-up) have no navigation */
  bare?: boolean;
  children: ComponentChildren;
}

/** The top tabs the role grants, and one "Admin" tab when it grants any part of the admin console. */
const navItems = (t: Translate, user: NavUser) => [
  ...navFor(user.grant, "top").map((e) => ({ href: e.href, label: t(e.label) })),
  ...(navFor(user.grant, "admin").length ? [{ href: "/admin", label: t("common.nav.admin") }] : []),
];

/** Switches to the other language and comes back to the same page. */
function LangLink(p: { t: Translate; locale: Locale; path?: string; corner?: boolean }) {
  const other: Locale = p.locale === "zh-CN" ? "en" : "zh-CN";
  return (
    <a class={p.corner ? "lang corner" : "lang"} href={`/lang/${other}?back=${encodeURIComponent(p.path ?? "/")}`} hreflang={other}>
      {p.t("common.lang.switch")}
    </a>
  );
}

export function Layout(p: LayoutProps) {
  return (
    <html lang={p.locale} data-theme={p.user?.theme ?? "system"}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover, interactive-widget=resizes-content" />
        <meta name="color-scheme" content={schemeOf(p.user?.theme)} />
        <meta name="theme-color" content="#2563eb" />
        <link rel="manifest" href="/manifest.webmanifest" />
        <link rel="apple-touch-icon" href="/static/img/icon-192.png" />
        {p.csrfToken && <meta name="csrf-token" content={p.csrfToken} />}
        <title>{`${p.title} · Parley`}</title>
        <link rel="icon" href="/static/img/icon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/static/css/app.css" />
        {(p.styles ?? []).map((href) => (
          <link rel="stylesheet" href={href} />
        ))}
        <script src="/static/vendor/htmx.min.js" defer></script>
        <script src="/static/js/app.js" defer></script>
        {(p.scripts ?? []).map((s) => (s.module ? <script type="module" src={s.src}></script> : <script src={s.src} defer></script>))}
      </head>
      <body class={p.bare ? "bare" : ""}>
        {!p.bare && p.user && (
          <header class="topbar">
            <a class="brand" href="/">
              Parley
            </a>
            {/* Phones: the tabs and the account links fold into a menu this button opens (static/js/app.js). */}
            <button type="button" class="menu-toggle" aria-expanded="false" aria-controls="site-menu" data-menu-toggle data-testid="menu-toggle">
              <span class="menu-toggle__bars" aria-hidden="true" />
              {p.t("common.nav.menu")}
            </button>
            <div class="topbar-menu" id="site-menu" data-menu>
            <nav class="tabs" aria-label={p.t("common.nav.label")}>
              {navItems(p.t, p.user).map((i) => (
                <a href={i.href} class={p.path?.startsWith(i.href) ? "active" : ""} aria-current={p.path?.startsWith(i.href) ? "page" : undefined}>
                  {i.label}
                </a>
              ))}
            </nav>
            <div class="topbar-end">
              <LangLink {...p} />
              <a class="who" href="/account" title={p.t("common.nav.account")}>
                {p.user.name}
              </a>
              <form method="post" action="/logout" class="inline">
                <Csrf token={p.csrfToken ?? ""} />
                <button type="submit" class="link" data-testid="logout">
                  {p.t("common.nav.logout")}
                </button>
              </form>
            </div>
            </div>
          </header>
        )}
        {p.bare && <LangLink {...p} corner />}
        {p.children}
      </body>
    </html>
  );
}
