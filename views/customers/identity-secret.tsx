// The embed page's identity section: the site's secret for Parley.identify signatures, and rotating it.
import { Csrf } from "../parts/csrf-field";
import type { Translate } from "../../src/i18n/index";

export function IdentitySecret(p: { t: Translate; csrfToken: string; siteId: string; secret: string }) {
  return (
    <div class="identity-secret" data-testid="identity-secret-section">
      <h3>{p.t("customers.identity.title")}</h3>
      <p class="muted small">{p.t("customers.identity.intro")}</p>
      <p>
        {p.t("customers.identity.secret")}: <code data-testid="identity-secret">{p.secret}</code>
      </p>
      <form method="post" action={`/admin/embed/identity/${p.siteId}/rotate`} class="inline">
        <Csrf token={p.csrfToken} />
        <button type="submit" class="secondary" data-testid="identity-rotate">
          {p.t("customers.identity.rotate")}
        </button>
      </form>
    </div>
  );
}
