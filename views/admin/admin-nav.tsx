import { navFor, type Grant } from "../../common/permissions";
import type { Translate } from "../../src/i18n";

/** The admin console's side navigation: the admin entries the role grants, under their section headings. */
export function AdminNav(p: { t: Translate; grant: Pick<Grant, "modules">; active: string }) {
  const sections = new Map<string, ReturnType<typeof navFor>>();
  for (const e of navFor(p.grant, "admin")) {
    const key = e.section ?? "";
    sections.set(key, [...(sections.get(key) ?? []), e]);
  }
  const current = navFor(p.grant, "admin").find((e) => e.href === p.active);
  return (
    <nav class="admin-nav" aria-label={p.t("admin.nav.label")}>
      {/* Phones: the entries fold under this button (static/js/app.js opens them); wider screens show them always. */}
      <button type="button" class="menu-toggle admin-nav__toggle" aria-expanded="false" aria-controls="admin-menu" data-menu-toggle>
        <span class="menu-toggle__bars" aria-hidden="true" />
        {current ? p.t(current.label) : p.t("admin.nav.label")}
      </button>
      <div class="admin-nav__items" id="admin-menu" data-menu>
      {[...sections].map(([section, entries]) => (
        <>
          {section && <h2>{p.t(section)}</h2>}
          {entries.map((e) => (
            <a href={e.href} class={e.href === p.active ? "active" : ""} aria-current={e.href === p.active ? "page" : undefined}>
              {p.t(e.label)}
            </a>
          ))}
        </>
      ))}
      </div>
    </nav>
  );
}
