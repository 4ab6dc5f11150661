// Admin → Settings → Customer fields: the custom fields every customer record has.
import { Csrf } from "../parts/csrf-field";
import type { Locale, Translate } from "../../src/i18n/index";
import { AdminNav } from "../admin/admin-nav";
import { Layout, type NavUser } from "../layout";
import type { FieldDefView } from "./customer-detail";

export function CustomerFieldsPage(p: { t: Translate; locale: Locale; user: NavUser; csrfToken: string; defs: FieldDefView[]; error?: string }) {
  return (
    <Layout t={p.t} locale={p.locale} title={p.t("customers.fields.title")} user={p.user} csrfToken={p.csrfToken} path="/admin/customer-fields">
      <div class="admin">
        <AdminNav t={p.t} grant={p.user.grant} active="/admin/customer-fields" />
        <main class="admin-main">
          <h1>{p.t("customers.fields.title")}</h1>
          <p class="muted">{p.t("customers.fields.intro")}</p>
          {p.error && (
            <p class="error" role="alert">
              {p.error}
            </p>
          )}
          {p.defs.length === 0 && <p class="empty">{p.t("customers.fields.empty")}</p>}
          <ul class="plain-list">
            {p.defs.map((d) => (
              <li data-testid="customer-field-def">
                <strong>{d.label}</strong> <span class="muted small">{p.t(`customers.fields.type.${d.type}`)}</span>
                {d.options.length > 0 && <span class="muted small"> — {d.options.join(", ")}</span>}
                <form method="post" action={`/admin/customer-fields/${d.id}/delete`} class="inline">
                  <Csrf token={p.csrfToken} />
                  <button type="submit" class="link danger">
                    {p.t("customers.fields.delete")}
                  </button>
                </form>
              </li>
            ))}
          </ul>
          <section class="card">
            <h2>{p.t("customers.fields.add")}</h2>
            <form method="post" action="/admin/customer-fields" class="stack" data-testid="customer-field-new">
              <Csrf token={p.csrfToken} />
              <label>
                {p.t("customers.fields.label")}
                <input name="label" required maxLength={60} />
              </label>
              <label>
                {p.t("customers.fields.typeLabel")}
                <select name="type">
                  {(["text", "number", "date", "choice"] as const).map((x) => (
                    <option value={x}>{p.t(`customers.fields.type.${x}`)}</option>
                  ))}
                </select>
              </label>
              <label>
                {p.t("customers.fields.options")}
                <textarea name="options" rows={3} placeholder={p.t("customers.fields.optionsHint")} />
              </label>
              <button type="submit" class="primary">
                {p.t("customers.fields.submit")}
              </button>
            </form>
          </section>
        </main>
      </div>
    </Layout>
  );
}
