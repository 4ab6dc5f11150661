// The admin console's page frame: top bar, the side navigation the role grants, the page's main part.
import type { ComponentChildren } from "preact";
import type { Locale, Translate } from "../../../src/i18n/index";
import { Layout, type NavUser } from "../../layout";
import { AdminNav } from "../admin-nav";

export interface AdminFrameProps {
  t: Translate;
  locale: Locale;
  user: NavUser;
  csrfToken: string;
  title: string;
  path: string;
  /** stylesheets beyond the admin console's own */
  styles?: string[];
  children: ComponentChildren;
}

export function AdminFrame(p: AdminFrameProps) {
  return (
    <Layout t={p.t} locale={p.locale} title={p.title} user={p.user} csrfToken={p.csrfToken} path={p.path} styles={["/static/css/team.css", ...(p.styles ?? [])]}>
      <div class="admin">
        <AdminNav t={p.t} grant={p.user.grant} active={p.path} />
        <main class="admin-main">{p.children}</main>
      </div>
    </Layout>
  );
}


/** htmx 4 inheritance is explicit: a section's forms swap the section itself. */
export const swapsSection = (id: string) => ({ "hx-target:inherited": `#${id}`, "hx-swap:inherited": "outerHTML" });

