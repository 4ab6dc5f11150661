import { navFor, type Grant } from "../../src/accounts/permissions";
import type { Translate } from "../../src/i18n";

/** The admin console's side navigation: the admin entries the role grants, under their section headings. */
export function AdminNav(p: { t: Translate; grant: Pick<Grant, "modules">; active: string }) {
  const sections = new Map<string, ReturnType<typeof navFor>>();
  for (const e of navFor(p.grant, "admin")) {
    const key = e.section ?? "";
    sections.set(key, [...(sections.get(key) ?? []), e]);
  }
  return (
    <nav class="admin-nav" aria-label={p.t("admin.nav.label")}>
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
    </nav>
  );
}
