// Admin → Style → Embed code (F1): the snippet of each site, ready to copy.
import type { Locale, Translate } from "../../src/i18n";
import { Layout, type NavUser } from "../layout";
import { AdminNav } from "./admin-nav";
import { IdentitySecret } from "../customers/identity-secret";

export interface EmbedCodeProps {
  t: Translate;
  locale: Locale;
  user: NavUser;
  csrfToken: string;
  sites: { id: string; name: string; key: string; snippet: string }[];
  /** each site's identity secret for Parley.identify (docs/customers.md) */
  identitySecrets?: Record<string, string>;
}

export function EmbedCodePage(p: EmbedCodeProps) {
  return (
    <Layout t={p.t} locale={p.locale} title={p.t("admin.embed.title")} user={p.user} csrfToken={p.csrfToken} path="/admin/embed">
      <div class="admin">
        <AdminNav t={p.t} grant={p.user.grant} active="/admin/embed" />
        <main class="admin-main">
          <h1>{p.t("admin.embed.title")}</h1>
          <p class="muted">{p.t("admin.embed.intro")}</p>
          {p.sites.map((s) => (
            <section class="card" aria-label={s.name}>
              <h2>{s.name}</h2>
              <p class="muted small">
                {p.t("admin.embed.site_key")}: <code>{s.key}</code>
              </p>
              <pre class="code code--snippet" data-testid="embed-code" id={`embed-${s.id}`} tabIndex={0}>
                {s.snippet}
              </pre>
              <button type="button" class="primary" data-copy={`#embed-${s.id}`} data-copied={p.t("admin.embed.copied")}>
                {p.t("admin.embed.copy")}
              </button>
              {p.identitySecrets?.[s.id] && <IdentitySecret t={p.t} csrfToken={p.csrfToken} siteId={s.id} secret={p.identitySecrets[s.id]!} />}
            </section>
          ))}
        </main>
      </div>
    </Layout>
  );
}
