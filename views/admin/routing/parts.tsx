// Small pieces the routing admin pages (sites, groups, basic settings) share.
import type { ComponentChildren } from "preact";
import type { Locale, Translate } from "../../../src/i18n";
import type { NavUser } from "../../layout";
import { AdminFrame } from "../team/admin-frame";
import { Csrf } from "../../parts/csrf-field";

/** The admin frame with the page's heading and introduction above its section. */
export function RoutingPage(p: { t: Translate; locale: Locale; csrfToken: string; user: NavUser; path: string; title: string; intro: string; children: ComponentChildren }) {
  return (
    <AdminFrame t={p.t} locale={p.locale} user={p.user} csrfToken={p.csrfToken} title={p.title} path={p.path} styles={["/static/css/routing.css"]}>
      <h1>{p.title}</h1>
      <p class="muted">{p.intro}</p>
      {p.children}
    </AdminFrame>
  );
}

/** The CSRF field every form carries (htmx requests also send the header from static/js/app.js). */
export { Csrf };

/** A one-button form posting hidden values: the move, remove and delete actions of a list. */
export function ActionButton(p: { action: string; token: string; values: Record<string, string>; label: string; title?: string; testid?: string; confirm?: string; disabled?: boolean; danger?: boolean }) {
  return (
    <form method="post" action={p.action} hx-post={p.action} hx-confirm={p.confirm} class="inline">
      <Csrf token={p.token} />
      {Object.entries(p.values).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class={p.danger ? "small-button danger" : "small-button"} title={p.title} aria-label={p.title} data-testid={p.testid} disabled={p.disabled}>
        {p.label}
      </button>
    </form>
  );
}
