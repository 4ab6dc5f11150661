// Pieces the style pages share: the page frame with its site switch, and the embed code.
import type { ComponentChildren } from "preact";
import type { Locale, Translate } from "../../../src/i18n";
import { Layout, type NavUser } from "../../layout";
import { AdminNav } from "../admin-nav";

export interface SiteRef {
  id: string;
  name: string;
}

export function StyleFrame(p: {
  t: Translate;
  locale: Locale;
  user: NavUser;
  csrfToken: string;
  path: string;
  title: string;
  intro: string;
  sites: SiteRef[];
  site: SiteRef;
  scripts?: { src: string }[];
  children: ComponentChildren;
}) {
  return (
    <Layout t={p.t} locale={p.locale} title={p.title} user={p.user} csrfToken={p.csrfToken} path={p.path} styles={["/static/css/style.css"]} scripts={p.scripts}>
      <div class="admin">
        <AdminNav t={p.t} grant={p.user.grant} active={p.path} />
        <main class="admin-main style-main">
          <h1>{p.title}</h1>
          <p class="muted">{p.intro}</p>
          {p.sites.length > 1 && (
            <nav class="style-sites" aria-label={p.t("style.site")}>
              {p.sites.map((s) => (
                <a href={`${p.path}?site=${s.id}`} class={s.id === p.site.id ? "active" : ""} aria-current={s.id === p.site.id ? "page" : undefined}>
                  {s.name}
                </a>
              ))}
            </nav>
          )}
          {p.children}
        </main>
      </div>
    </Layout>
  );
}
