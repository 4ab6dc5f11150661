// The workspace visitor panel's customer card (F16): the customer this visitor is (or "not yet a
// customer"), editable in place. It fetches and saves through /api/customers/visitor/:id on its
// own, so the workspace's live state stays as it is; the server renders it empty (it loads after).
import type { CustomerContact } from "../../../common/customer";
import { useEffect, useState } from "preact/hooks";
import type { WorkspaceTranslate } from "./translate";
import { WORKSPACE_BOOT_ID } from "./boot";
import { rememberCustomerName } from "./customer-names";

interface CardCustomer extends CustomerContact {
  fields: Record<string, string>;
  verified: boolean;
}
interface CardField {
  id: string;
  label: string;
  type: "text" | "number" | "date" | "choice";
  options: string[];
}
type Load = { state: "loading" } | { state: "hidden" } | { state: "ready"; customer: CardCustomer | null; fields: CardField[] };

const STANDARD = ["name", "phone", "email", "wechat", "company"] as const;

function csrfToken(): string {
  try {
    return JSON.parse(document.getElementById(WORKSPACE_BOOT_ID)?.textContent ?? "{}").csrfToken ?? "";
  } catch {
    return "";
  }
}

export function CustomerCard(props: { visitorId: string; t: WorkspaceTranslate }) {
  const { visitorId, t } = props;
  const [load, setLoad] = useState<Load>({ state: "loading" });
  const [editing, setEditing] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    let live = true;
    setLoad({ state: "loading" });
    setEditing(false);
    setMessage(null);
    fetch(`/api/customers/visitor/${encodeURIComponent(visitorId)}`, { credentials: "same-origin", headers: { accept: "application/json" } })
      .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
      .then((b) => {
        if (!live) return;
        rememberCustomerName(visitorId, b.customer?.name ?? "");
        setLoad({ state: "ready", customer: b.customer, fields: b.fields });
      })
      // No customers module, or not a conversation of theirs: the card stays out of the way.
      .catch(() => live && setLoad({ state: "hidden" }));
    return () => {
      live = false;
    };
  }, [visitorId]);

  if (load.state === "hidden") return null;
  if (load.state === "loading") return <section class="ws-customer" data-testid="customer-card" data-state="loading" />;
  const c = load.customer;

  const save = async (form: HTMLFormElement) => {
    const body = new URLSearchParams(new FormData(form) as unknown as Record<string, string>);
    const r = await fetch(`/api/customers/visitor/${encodeURIComponent(visitorId)}`, { method: "POST", body, credentials: "same-origin", headers: { "x-csrf-token": csrfToken(), accept: "application/json" } });
    const b = await r.json().catch(() => ({}));
    if (!r.ok) return setMessage({ ok: false, text: b?.error?.message ?? t("customer.failed") });
    rememberCustomerName(visitorId, b.customer?.name ?? "");
    setLoad({ state: "ready", customer: b.customer, fields: b.fields });
    setEditing(false);
    setMessage({ ok: true, text: t("customer.saved") });
  };

  return (
    <section class="ws-customer" data-testid="customer-card" data-state="ready" data-customer-id={c?.id ?? ""} aria-label={t("customer.title")}>
      <h3 class="ws-visitor__title">
        {t("customer.title")}
        {c?.verified && <span class="ws-tag" data-testid="customer-verified"> {t("customer.identified")}</span>}
      </h3>
      {message && (
        <p class={message.ok ? "ws-customer__ok" : "ws-customer__error"} role={message.ok ? "status" : "alert"} data-testid="customer-card-message">
          {message.text}
        </p>
      )}
      {!editing && (
        <>
          {c ? (
            <dl class="ws-facts">
              {STANDARD.filter((k) => c[k]).map((k) => (
                <div class="ws-facts__row">
                  <dt>{t(`customer.field.${k}`)}</dt>
                  <dd data-testid={`customer-card-${k}`}>{c[k]}</dd>
                </div>
              ))}
              {c.tags.length > 0 && (
                <div class="ws-facts__row">
                  <dt>{t("customer.field.tags")}</dt>
                  <dd>{c.tags.join(", ")}</dd>
                </div>
              )}
              {load.fields
                .filter((f) => c.fields[f.id])
                .map((f) => (
                  <div class="ws-facts__row">
                    <dt>{f.label}</dt>
                    <dd>{c.fields[f.id]}</dd>
                  </div>
                ))}
            </dl>
          ) : (
            <p class="ws-empty">{t("customer.none")}</p>
          )}
          <p>
            <button type="button" class="ws-button" data-testid="customer-card-edit" onClick={() => setEditing(true)}>
              {c ? t("customer.edit") : t("customer.add")}
            </button>{" "}
            {c && (
              <a class="ws-link" href={`/customers/${c.id}`} target="_blank" rel="noopener" data-testid="customer-card-open">
                {t("customer.open")}
              </a>
            )}
          </p>
        </>
      )}
      {editing && (
        <form
          class="ws-customer__form"
          data-testid="customer-card-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save(e.currentTarget);
          }}
        >
          {STANDARD.map((k) => (
            <label>
              {t(`customer.field.${k}`)}
              <input name={k} value={c?.[k] ?? ""} data-testid={`customer-card-input-${k}`} />
            </label>
          ))}
          <label>
            {t("customer.field.tags")}
            <input name="tags" value={c?.tags.join(", ") ?? ""} data-testid="customer-card-input-tags" />
          </label>
          {load.fields.map((f) => (
            <label>
              {f.label}
              {f.type === "choice" ? (
                <select name={`f_${f.id}`}>
                  <option value="">—</option>
                  {f.options.map((o) => (
                    <option value={o} selected={c?.fields[f.id] === o}>
                      {o}
                    </option>
                  ))}
                </select>
              ) : (
                <input name={`f_${f.id}`} value={c?.fields[f.id] ?? ""} type={(f.type === "date" ? "date" : "text") as "text"} />
              )}
            </label>
          ))}
          <p>
            <button type="submit" class="ws-button ws-button--primary" data-testid="customer-card-save">
              {t("customer.save")}
            </button>{" "}
            <button type="button" class="ws-button" onClick={() => setEditing(false)}>
              {t("customer.cancel")}
            </button>
          </p>
        </form>
      )}
    </section>
  );
}
