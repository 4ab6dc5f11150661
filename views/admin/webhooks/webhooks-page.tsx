// Admin → Settings → Webhooks: the endpoints, a form to add one (its secret shown once), and one
// endpoint's page with its events, switches and delivery log (redeliver), and one delivery's attempts.
import type { Locale, Translate } from "../../../src/i18n/index";
import { listOf } from "../../../src/i18n/index";
import type { NavUser } from "../../layout";
import { ActionButton, Csrf } from "../routing/parts";
import { AdminFrame } from "../team/admin-frame";
import { Flash } from "../../parts/flash";
import { formatDateTime } from "../../../common/time-format";

export interface EndpointRow {
  id: string;
  url: string;
  events: readonly string[];
  enabled: boolean;
  createdAt: number;
  pending: number;
}

interface Frame {
  t: Translate;
  locale: Locale;
  csrfToken: string;
  user: NavUser;
  notice?: string;
  error?: string;
}

export interface WebhooksData extends Frame {
  endpoints: EndpointRow[];
  eventTypes: readonly string[];
  /** an endpoint just added: the only time its secret is shown */
  created?: { url: string; secret: string };
  form?: { url: string; events: readonly string[] };
}

const eventLabel = (t: Translate, type: string) => t(`webhooks.event.${type}`);

function EventChoices(p: { t: Translate; types: readonly string[]; chosen: readonly string[] }) {
  return (
    <fieldset>
      <legend>{p.t("webhooks.events")}</legend>
      {p.types.map((type) => (
        <label class="inline-label">
          <input type="checkbox" name="events" value={type} checked={p.chosen.includes(type)} data-testid={`webhook-event-${type}`} /> {eventLabel(p.t, type)} <code>{type}</code>
        </label>
      ))}
    </fieldset>
  );
}

function Secret(p: { t: Translate; text: string; secret: string }) {
  return (
    <div class="card notice" role="status" data-testid="webhook-secret-shown">
      <p>{p.text}</p>
      <p>
        {p.t("webhooks.secret")}: <code data-testid="webhook-secret">{p.secret}</code>
      </p>
    </div>
  );
}

export function WebhooksPage(d: WebhooksData) {
  const t = d.t;
  return (
    <AdminFrame t={t} locale={d.locale} user={d.user} csrfToken={d.csrfToken} title={t("webhooks.title")} path="/admin/webhooks">
      <h1>{t("webhooks.title")}</h1>
      <p class="muted">{t("webhooks.intro")}</p>
      <Flash error={d.error} notice={d.notice} />
      {d.created && <Secret t={t} text={t("webhooks.created")} secret={d.created.secret} />}
      <form method="post" action="/admin/webhooks" class="card stack" data-testid="webhook-form">
        <Csrf token={d.csrfToken} />
        <label>
          {t("webhooks.url")}
          <input name="url" type="url" required maxLength={2000} placeholder="https://" value={d.form?.url ?? ""} data-testid="webhook-url" />
        </label>
        <EventChoices t={t} types={d.eventTypes} chosen={d.form?.events ?? []} />
        <p>
          <button type="submit" class="primary" data-testid="webhook-create">
            {t("webhooks.create")}
          </button>
        </p>
      </form>
      {d.endpoints.length === 0 ? (
        <p class="muted">{t("webhooks.none")}</p>
      ) : (
        <table class="list" data-testid="webhook-list">
          <thead>
            <tr>
              <th>{t("webhooks.col.url")}</th>
              <th>{t("webhooks.col.events")}</th>
              <th>{t("webhooks.col.status")}</th>
              <th>{t("webhooks.col.pending")}</th>
            </tr>
          </thead>
          <tbody>
            {d.endpoints.map((e) => (
              <tr data-testid="webhook-item" data-id={e.id}>
                <td>
                  <a href={`/admin/webhooks/${e.id}`}>{e.url}</a>
                </td>
                <td>{listOf(d.locale, e.events.map((type) => eventLabel(t, type)))}</td>
                <td>{e.enabled ? t("webhooks.enabled") : t("webhooks.disabled")}</td>
                <td>{e.pending}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminFrame>
  );
}

export interface DeliveryRow {
  id: number;
  eventId: string;
  type: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  nextAt: number;
  createdAt: number;
  lastStatusCode: number | null;
  lastError: string | null;
}

export interface EndpointData extends Frame {
  endpoint: EndpointRow;
  eventTypes: readonly string[];
  deliveries: DeliveryRow[];
  /** the link to the next (older) page, when there is one */
  older?: string;
  rotated?: string;
}

/** An attempt's error, in the reader's language where it is one of ours. */
export const errorText = (t: Translate, error: string | null): string => {
  if (!error) return "";
  const known = t(`webhooks.error.${error}`);
  return known === `webhooks.error.${error}` ? error : known;
};

export function EndpointPage(d: EndpointData) {
  const t = d.t;
  const e = d.endpoint;
  const base = `/admin/webhooks/${e.id}`;
  return (
    <AdminFrame t={t} locale={d.locale} user={d.user} csrfToken={d.csrfToken} title={t("webhooks.title")} path="/admin/webhooks">
      <p>
        <a href="/admin/webhooks">← {t("webhooks.back")}</a>
      </p>
      <h1 data-testid="webhook-endpoint-url">{e.url}</h1>
      <Flash error={d.error} notice={d.notice} />
      {d.rotated && <Secret t={t} text={t("webhooks.rotated")} secret={d.rotated} />}
      <p>
        {e.enabled ? t("webhooks.enabled") : t("webhooks.disabled")}{" "}
        <ActionButton action={`${base}/enabled`} token={d.csrfToken} values={{ enabled: e.enabled ? "0" : "1" }} label={e.enabled ? t("webhooks.disable") : t("webhooks.enable")} testid="webhook-toggle" />{" "}
        <ActionButton action={`${base}/rotate`} token={d.csrfToken} values={{}} label={t("webhooks.rotate")} confirm={t("webhooks.rotate_confirm")} testid="webhook-rotate" />{" "}
        <ActionButton action={`${base}/delete`} token={d.csrfToken} values={{}} label={t("webhooks.delete")} confirm={t("webhooks.delete_confirm")} danger testid="webhook-delete" />
      </p>
      <form method="post" action={`${base}/events`} class="card stack">
        <Csrf token={d.csrfToken} />
        <EventChoices t={t} types={d.eventTypes} chosen={e.events} />
        <p>
          <button type="submit" data-testid="webhook-save-events">
            {t("webhooks.save_events")}
          </button>
        </p>
      </form>
      <h2>{t("webhooks.log")}</h2>
      {d.deliveries.length === 0 ? (
        <p class="muted">{t("webhooks.log.none")}</p>
      ) : (
        <table class="list" data-testid="webhook-log">
          <thead>
            <tr>
              <th>{t("webhooks.log.event")}</th>
              <th>{t("webhooks.log.created")}</th>
              <th>{t("webhooks.log.status")}</th>
              <th>{t("webhooks.log.attempts")}</th>
              <th>{t("webhooks.log.last")}</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {d.deliveries.map((r) => (
              <tr data-testid="webhook-delivery" data-id={r.id} data-status={r.status} data-attempts={r.attempts}>
                <td>
                  <code>{r.type}</code>
                </td>
                <td>{formatDateTime(r.createdAt, d.locale)}</td>
                <td>
                  {t(`webhooks.status.${r.status}`)}
                  {r.status === "pending" && r.attempts > 0 ? ` (${t("webhooks.next_try", { time: formatDateTime(r.nextAt, d.locale) })})` : ""}
                </td>
                <td>{r.attempts}</td>
                <td>{r.lastStatusCode ?? errorText(t, r.lastError)}</td>
                <td>
                  <a href={`${base}/deliveries/${r.id}`}>{t("webhooks.log.details")}</a>
                  {r.status !== "pending" && (
                    <>
                      {" "}
                      <ActionButton action={`${base}/deliveries/${r.id}/redeliver`} token={d.csrfToken} values={{}} label={t("webhooks.redeliver")} testid="webhook-redeliver" />
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {d.older && (
        <p>
          <a href={d.older}>{t("webhooks.log.more")}</a>
        </p>
      )}
    </AdminFrame>
  );
}

export interface DeliveryData extends Frame {
  endpoint: { id: string; url: string };
  delivery: DeliveryRow & { payload: string };
  attempts: { at: number; durationMs: number; statusCode: number | null; error: string | null; bodyExcerpt: string }[];
}

export function DeliveryPage(d: DeliveryData) {
  const t = d.t;
  const base = `/admin/webhooks/${d.endpoint.id}`;
  let pretty = d.delivery.payload;
  try {
    pretty = JSON.stringify(JSON.parse(d.delivery.payload), null, 2);
  } catch {}
  return (
    <AdminFrame t={t} locale={d.locale} user={d.user} csrfToken={d.csrfToken} title={t("webhooks.title")} path="/admin/webhooks">
      <p>
        <a href={base}>← {d.endpoint.url}</a>
      </p>
      <h1>{t("webhooks.delivery", { id: d.delivery.id })}</h1>
      <Flash error={d.error} notice={d.notice} />
      <p>
        <code>{d.delivery.type}</code> · {t(`webhooks.status.${d.delivery.status}`)}{" "}
        {d.delivery.status !== "pending" && <ActionButton action={`${base}/deliveries/${d.delivery.id}/redeliver`} token={d.csrfToken} values={{}} label={t("webhooks.redeliver")} testid="webhook-redeliver" />}
      </p>
      <h2>{t("webhooks.attempts")}</h2>
      <table class="list" data-testid="webhook-attempts">
        <thead>
          <tr>
            <th>{t("webhooks.attempt.at")}</th>
            <th>{t("webhooks.attempt.duration")}</th>
            <th>{t("webhooks.attempt.code")}</th>
            <th>{t("webhooks.attempt.error")}</th>
            <th>{t("webhooks.attempt.body")}</th>
          </tr>
        </thead>
        <tbody>
          {d.attempts.map((a) => (
            <tr data-testid="webhook-attempt">
              <td>{formatDateTime(a.at, d.locale)}</td>
              <td>{t("webhooks.duration_ms", { ms: a.durationMs })}</td>
              <td>{a.statusCode ?? ""}</td>
              <td>{errorText(t, a.error)}</td>
              <td>
                <code>{a.bodyExcerpt}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t("webhooks.payload")}</h2>
      <pre>
        <code>{pretty}</code>
      </pre>
    </AdminFrame>
  );
}
