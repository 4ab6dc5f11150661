import type { Translate } from "../../src/i18n";

/** The admin console's side navigation; later areas add their entries here. */
export function AdminNav(p: { t: Translate; active: string }) {
  const items = [{ id: "embed", href: "/admin/embed", label: p.t("admin.nav.embed") }];
  return (
    <nav class="admin-nav" aria-label={p.t("admin.nav.label")}>
      <h2>{p.t("admin.nav.style")}</h2>
      {items.map((i) => (
        <a href={i.href} class={i.id === p.active ? "active" : ""} aria-current={i.id === p.active ? "page" : undefined}>
          {i.label}
        </a>
      ))}
    </nav>
  );
}
