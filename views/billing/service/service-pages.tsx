// Seat service's pages (F15): Admin → Seat service (each seat's service, the common expiry, the
// upcoming charge, auto-renew, renewal by hand, the robot add-on, the charge history), the
// confirmation of an opening with its exact charge, and the operator's page (prices, enterprises by
// expiry, failed renewals, revenue per month). Pure functions of the data the routes pass in.
import type { Locale, Translate } from "../../../src/i18n/index";
import { formatFen } from "../../../src/i18n/money";
import { OperatorFrame, Pager } from "../../operator/operator-frame";
import type { NavUser } from "../../layout";
import { AdminFrame } from "../../admin/team/admin-frame";
import { Csrf } from "../../parts/csrf-field";
import { Flash } from "../../parts/flash";
import { formatDateTime } from "../../../common/time-format";

interface Base {
  t: Translate;
  locale: Locale;
  user: NavUser;
  csrfToken: string;
  error?: string;
  notice?: string;
}

const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

export type SeatServiceState = "included" | "served" | "none" | "lapsed";

/** The common expiry as people and tests read it: the date in the operator's zone, data-date YYYY-MM-DD. */
export function ServiceExpiry(p: { t: Translate; date: string | null }) {
  return p.date ? (
    <strong data-testid="service-expiry" data-date={p.date}>
      {p.date}
    </strong>
  ) : (
    <span class="muted" data-testid="service-expiry" data-date="">
      {p.t("service.expiry_none")}
    </span>
  );
}

export interface ServiceData {
  /** false: company mode, no billing (every seat served) */
  platform: boolean;
  expiresOn: string | null;
  lapsedOn: string | null;
  autoRenew: boolean;
  renewDaysBefore: number;
  balanceFen: number;
  seats: { id: string; name: string; email: string; state: SeatServiceState; active: boolean }[];
  upcoming: { date: string; totalFen: number; seats: number; seatPriceFen: number; addon: boolean } | null;
  warning: { kind: "short" | "off" | "failed"; date: string; amountFen: number } | null;
  addon: { on: boolean; priceFen: number };
  history: { at: number; kind: string; amount: number; balanceAfter: number; memo: string }[];
  page: number;
  pages: number;
  /** a fresh key for the renew-by-hand form (a double submit renews once) */
  renewNonce: string;
}

export function ServicePage(p: Base & { d: ServiceData }) {
  const t = p.t;
  const d = p.d;
  const openable = d.seats.filter((s) => s.state === "none" && s.active);
  return (
    <AdminFrame t={t} locale={p.locale} user={p.user} csrfToken={p.csrfToken} title={t("service.title")} path="/admin/service">
      <h1>{t("service.title")}</h1>
      <p class="muted">{t("service.intro")}</p>
      <Flash error={p.error} notice={p.notice} />
      {!d.platform ? null : (
        <>
          <div class="card stack" data-testid="service-summary">
            <p>
              {t("service.expiry")}: <ServiceExpiry t={t} date={d.expiresOn} />
            </p>
            <p>
              {t("service.balance")}:{" "}
              <strong data-testid="service-balance" data-fen={String(d.balanceFen)}>
                {formatFen(d.balanceFen)}
              </strong>{" "}
              <a href="/admin/settings/account">{t("service.recharge")}</a>
            </p>
            {d.lapsedOn && (
              <p class="error" role="alert" data-testid="service-lapsed">
                {t("service.lapsed", { date: d.lapsedOn })}
              </p>
            )}
            {d.warning && (
              <p class="error" role="alert" data-testid="renewal-warning" data-kind={d.warning.kind}>
                {d.warning.kind === "short" && t("service.warning.short", { balance: formatFen(d.balanceFen), date: d.warning.date, amount: formatFen(d.warning.amountFen) })}
                {d.warning.kind === "off" && t("service.warning.off", { date: d.warning.date })}
                {d.warning.kind === "failed" && t("service.warning.failed", { amount: formatFen(d.warning.amountFen), date: d.warning.date })}
              </p>
            )}
            {d.upcoming ? (
              <p data-testid="service-upcoming" data-fen={String(d.upcoming.totalFen)}>
                {t("service.renew.upcoming", { date: d.upcoming.date, amount: formatFen(d.upcoming.totalFen), seats: d.upcoming.seats, price: formatFen(d.upcoming.seatPriceFen), addon: d.upcoming.addon ? t("service.renew.upcoming_addon") : "" })}
              </p>
            ) : (
              <p class="muted">{t("service.renew.nothing")}</p>
            )}
          </div>

          <form method="post" action="/admin/service/quote" class="card stack" data-testid="service-seats">
            <h2>{t("service.open.title")}</h2>
            <Csrf token={p.csrfToken} />
            <table class="table">
              <thead>
                <tr>
                  <th></th>
                  <th>{t("service.col.seat")}</th>
                  <th>{t("service.col.state")}</th>
                  <th>{t("service.col.action")}</th>
                </tr>
              </thead>
              <tbody>
                {d.seats.map((s) => (
                  <tr data-testid="service-seat" data-seat={s.id} data-state={s.state}>
                    <td>{s.state === "none" && s.active && <input type="checkbox" name="seat" value={s.id} aria-label={s.name} />}</td>
                    <td>
                      {s.name} <span class="muted small">{s.email}</span>
                    </td>
                    <td>
                      <span class={`seat-state ${s.state === "served" || s.state === "included" ? "active" : "disabled"}`}>{t(`service.state.${s.state}`)}</span>
                    </td>
                    <td>
                      {(s.state === "served" || s.state === "lapsed") && (
                        <button type="submit" class="small-button" formaction={`/admin/service/seats/${s.id}/close`} data-testid="close-service" hx-confirm={t("service.close.confirm")}>
                          {t("service.close.button")}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {openable.length === 0 ? (
              <p class="muted">{t("service.open.none")}</p>
            ) : (
              <>
                {!d.expiresOn || d.lapsedOn ? (
                  <label>
                    {t("service.open.months")}{" "}
                    <select name="months" data-testid="service-months">
                      {MONTHS.map((m) => (
                        <option value={String(m)}>{m}</option>
                      ))}
                    </select>
                    <span class="muted small"> {t("service.open.months_note")}</span>
                  </label>
                ) : null}
                <button type="submit" class="primary" data-testid="open-service">
                  {t("service.open.submit")}
                </button>
              </>
            )}
          </form>

          <div class="card stack" data-testid="service-renewal">
            <h2>{t("service.renew.title")}</h2>
            <p data-testid="auto-renew" data-on={d.autoRenew ? "1" : "0"}>
              <strong>{t("service.renew.auto")}:</strong> {d.autoRenew ? t("service.renew.auto_on", { days: d.renewDaysBefore }) : t("service.renew.auto_off")}
            </p>
            <form method="post" action="/admin/service/auto-renew" class="inline">
              <Csrf token={p.csrfToken} />
              <input type="hidden" name="on" value={d.autoRenew ? "0" : "1"} />
              <button type="submit" class="small-button" data-testid="auto-renew-switch">
                {d.autoRenew ? t("service.renew.turn_off") : t("service.renew.turn_on")}
              </button>
            </form>
            {d.expiresOn && (
              <form method="post" action="/admin/service/renew" class="inline" data-testid="renew-form">
                <Csrf token={p.csrfToken} />
                <input type="hidden" name="nonce" value={d.renewNonce} />
                <label>
                  {t("service.renew.months")}{" "}
                  <select name="months">
                    {MONTHS.map((m) => (
                      <option value={String(m)}>{m}</option>
                    ))}
                  </select>
                </label>{" "}
                <button type="submit" class="small-button" data-testid="renew-submit">
                  {t("service.renew.submit")}
                </button>
              </form>
            )}
          </div>

          <div class="card stack" data-testid="service-addon" data-on={d.addon.on ? "1" : "0"}>
            <h2>{t("service.addon.title")}</h2>
            <p>
              {d.addon.on ? t("service.addon.on", { date: d.expiresOn ?? "" }) : t("service.addon.off")} {t("service.addon.price", { price: formatFen(d.addon.priceFen) })}
            </p>
            <form method="post" action={d.addon.on ? "/admin/service/addon/close" : "/admin/service/quote"} class="inline" hx-confirm={d.addon.on ? t("service.addon.close_confirm") : undefined}>
              <Csrf token={p.csrfToken} />
              {!d.addon.on && <input type="hidden" name="addon" value="1" />}
              <button type="submit" class="small-button" data-testid={d.addon.on ? "addon-close" : "addon-open"}>
                {d.addon.on ? t("service.addon.close") : t("service.addon.open")}
              </button>
            </form>
          </div>

          <div class="card stack">
            <h2>{t("service.history.title")}</h2>
            {d.history.length === 0 ? (
              <p class="muted">{t("service.history.none")}</p>
            ) : (
              <table class="table" data-testid="service-history">
                <thead>
                  <tr>
                    <th>{t("service.history.col.at")}</th>
                    <th>{t("service.history.col.kind")}</th>
                    <th>{t("service.history.col.amount")}</th>
                    <th>{t("service.history.col.balance")}</th>
                    <th>{t("service.history.col.memo")}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.history.map((h) => (
                    <tr data-testid="service-charge" data-kind={h.kind} data-fen={String(h.amount)}>
                      <td>{formatDateTime(h.at, p.locale)}</td>
                      <td>{t(`service.kind.${h.kind}`)}</td>
                      <td>{formatFen(h.amount)}</td>
                      <td>{formatFen(h.balanceAfter)}</td>
                      <td>{h.memo}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <Pager t={t} page={d.page} pages={d.pages} href={(n) => `/admin/service?page=${n}`} />
          </div>
        </>
      )}
    </AdminFrame>
  );
}

export interface ConfirmData {
  seats: { id: string; name: string; email: string }[];
  addon: boolean;
  newPeriod: boolean;
  months: number;
  seatPriceFen: number;
  addonPriceFen: number;
  seatFen: number;
  addonFen: number;
  totalFen: number;
  expiresOn: string;
  balanceFen: number;
  nonce: string;
}

/** The exact charge, before anything is paid. */
export function ConfirmPage(p: Base & { c: ConfirmData }) {
  const t = p.t;
  const c = p.c;
  const short = c.balanceFen < c.totalFen;
  return (
    <AdminFrame t={t} locale={p.locale} user={p.user} csrfToken={p.csrfToken} title={t("service.confirm.title")} path="/admin/service">
      <h1>{t("service.confirm.title")}</h1>
      <Flash error={p.error} notice={p.notice} />
      {c.newPeriod && (
        <form method="post" action="/admin/service/quote" class="inline" data-testid="confirm-months">
          <Csrf token={p.csrfToken} />
          {c.seats.map((s) => (
            <input type="hidden" name="seat" value={s.id} />
          ))}
          {c.addon && <input type="hidden" name="addon" value="1" />}
          <label>
            {t("service.open.months")}{" "}
            <select name="months">
              {MONTHS.map((m) => (
                <option value={String(m)} selected={m === c.months}>
                  {m}
                </option>
              ))}
            </select>
          </label>{" "}
          <button type="submit" class="small-button">
            {t("service.confirm.change_months")}
          </button>
        </form>
      )}
      <form method="post" action="/admin/service/open" class="card stack" data-testid="service-confirm" data-total-fen={String(c.totalFen)}>
        <Csrf token={p.csrfToken} />
        <p>
          {c.newPeriod ? t("service.confirm.new_period", { months: c.months, price: formatFen(c.seatPriceFen), date: c.expiresOn }) : t("service.confirm.pro_rata", { date: c.expiresOn, price: formatFen(c.seatPriceFen) })}{" "}
          <ServiceExpiry t={t} date={c.expiresOn} />
        </p>
        <table class="table">
          <tbody>
            {c.seats.map((s) => (
              <tr data-testid="confirm-seat" data-fen={String(c.seatFen)}>
                <td>
                  {s.name} <span class="muted small">{s.email}</span>
                  <input type="hidden" name="seat" value={s.id} />
                </td>
                <td>{formatFen(c.seatFen)}</td>
              </tr>
            ))}
            {c.addon && (
              <tr data-testid="confirm-addon" data-fen={String(c.addonFen)}>
                <td>
                  {t("service.confirm.addon")}
                  <input type="hidden" name="addon" value="1" />
                </td>
                <td>{formatFen(c.addonFen)}</td>
              </tr>
            )}
            <tr>
              <th>{t("service.confirm.total")}</th>
              <th data-testid="confirm-total" data-fen={String(c.totalFen)}>
                {formatFen(c.totalFen)}
              </th>
            </tr>
          </tbody>
        </table>
        <input type="hidden" name="months" value={String(c.months || 1)} />
        <input type="hidden" name="nonce" value={c.nonce} />
        <input type="hidden" name="confirmFen" value={String(c.totalFen)} />
        <input type="hidden" name="confirmSeatPrice" value={String(c.seatPriceFen)} />
        <input type="hidden" name="confirmAddonPrice" value={String(c.addonPriceFen)} />
        <p class="muted">{t("service.confirm.balance", { amount: formatFen(c.balanceFen) })}</p>
        {short && (
          <p class="error" role="alert" data-testid="balance-short">
            {t("service.confirm.short")} <a href="/admin/settings/account">{t("service.recharge")}</a>
          </p>
        )}
        <p>
          <button type="submit" class="primary" data-testid="confirm-open-service" disabled={short}>
            {t("service.confirm.pay", { amount: formatFen(c.totalFen) })}
          </button>{" "}
          <a href="/admin/service">{t("service.confirm.cancel")}</a>
        </p>
      </form>
    </AdminFrame>
  );
}

/** Admin → Robot, when the add-on is not paid: what opening it costs, and the way to open it. */
export function RobotAddonOffer(p: { t: Translate; csrfToken: string; priceFen: number; now: { amountFen: number; date: string } | null }) {
  const t = p.t;
  return (
    <form method="post" action="/admin/service/quote" class="notice stack" data-testid="robot-addon-offer" data-fen={String(p.priceFen)}>
      <Csrf token={p.csrfToken} />
      <input type="hidden" name="addon" value="1" />
      <span>
        {t("service.addon.robot_notice", { price: formatFen(p.priceFen) })} {p.now && t("service.addon.robot_now", { amount: formatFen(p.now.amountFen), date: p.now.date })}
      </span>
      <button type="submit" class="small-button primary" data-testid="addon-open">
        {t("service.addon.open")}
      </button>
    </form>
  );
}

// ---- the operator's page -------------------------------------------------------------

interface OperatorBase {
  t: Translate;
  locale: Locale;
  csrfToken: string;
  operatorName: string;
  error?: string;
  notice?: string;
}

export interface OperatorServiceData {
  prices: { seatPrice: string; addonPrice: string; timeZone: string; renewDaysBefore: number };
  expiring: { enterpriseId: string; name: string; expiresOn: string; seats: number; autoRenew: boolean; lapsed: boolean }[];
  page: number;
  pages: number;
  failed: { enterpriseId: string; name: string; expiresOn: string; neededFen: number }[];
  revenue: { month: string; chargedFen: number; refundedFen: number }[];
}

export function OperatorServicePage(p: OperatorBase & { d: OperatorServiceData }) {
  const t = p.t;
  const d = p.d;
  return (
    <OperatorFrame t={t} locale={p.locale} csrfToken={p.csrfToken} operatorName={p.operatorName} title={t("service.op.title")} path="/operator/service">
      <h1>{t("service.op.title")}</h1>
      <Flash error={p.error} notice={p.notice} />
      <form method="post" action="/operator/service/settings" class="card stack" data-testid="service-prices">
        <h2>{t("service.op.prices")}</h2>
        <Csrf token={p.csrfToken} />
        <label>
          {t("service.op.seat_price")} <input name="seatPrice" value={d.prices.seatPrice} inputMode="decimal" required />
        </label>
        <label>
          {t("service.op.addon_price")} <input name="addonPrice" value={d.prices.addonPrice} inputMode="decimal" required />
        </label>
        <label>
          {t("service.op.time_zone")} <input name="timeZone" value={d.prices.timeZone} required />
        </label>
        <label>
          {t("service.op.renew_days")} <input type="number" name="renewDaysBefore" min={1} max={28} value={String(d.prices.renewDaysBefore)} required />
        </label>
        <p class="muted small">{t("service.op.prices_note")}</p>
        <button type="submit" class="primary">
          {t("service.op.save")}
        </button>
      </form>

      <div class="card stack">
        <h2>{t("service.op.failed")}</h2>
        {d.failed.length === 0 ? (
          <p class="muted">{t("service.op.failed_none")}</p>
        ) : (
          <table class="table" data-testid="service-failed">
            <thead>
              <tr>
                <th>{t("service.op.col.enterprise")}</th>
                <th>{t("service.op.col.expiry")}</th>
                <th>{t("service.op.col.needed")}</th>
              </tr>
            </thead>
            <tbody>
              {d.failed.map((f) => (
                <tr data-testid="service-failed-row" data-enterprise={f.enterpriseId}>
                  <td>
                    <a href={`/operator/enterprises/${f.enterpriseId}`}>{f.name}</a>
                  </td>
                  <td>{f.expiresOn}</td>
                  <td>{formatFen(f.neededFen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>

      <div class="card stack">
        <h2>{t("service.op.expiring")}</h2>
        {d.expiring.length === 0 ? (
          <p class="muted">{t("service.op.none")}</p>
        ) : (
          <table class="table" data-testid="service-expiring">
            <thead>
              <tr>
                <th>{t("service.op.col.enterprise")}</th>
                <th>{t("service.op.col.expiry")}</th>
                <th>{t("service.op.col.seats")}</th>
                <th>{t("service.op.col.auto")}</th>
                <th>{t("service.op.col.state")}</th>
              </tr>
            </thead>
            <tbody>
              {d.expiring.map((e) => (
                <tr data-testid="service-expiring-row" data-enterprise={e.enterpriseId} data-date={e.expiresOn}>
                  <td>
                    <a href={`/operator/enterprises/${e.enterpriseId}`}>{e.name}</a>
                  </td>
                  <td>{e.expiresOn}</td>
                  <td>{e.seats}</td>
                  <td>{e.autoRenew ? t("service.yes") : t("service.no")}</td>
                  <td>{e.lapsed ? t("service.op.state.lapsed") : t("service.op.state.active")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pager t={t} page={d.page} pages={d.pages} href={(n) => `/operator/service?page=${n}`} />
      </div>

      <div class="card stack">
        <h2>{t("service.op.revenue")}</h2>
        <table class="table" data-testid="service-revenue">
          <thead>
            <tr>
              <th>{t("service.op.col.month")}</th>
              <th>{t("service.op.col.charged")}</th>
              <th>{t("service.op.col.refunded")}</th>
              <th>{t("service.op.col.net")}</th>
            </tr>
          </thead>
          <tbody>
            {d.revenue.map((r) => (
              <tr data-testid="service-revenue-row" data-month={r.month} data-fen={String(r.chargedFen - r.refundedFen)}>
                <td>{r.month}</td>
                <td>{formatFen(r.chargedFen)}</td>
                <td>{formatFen(r.refundedFen)}</td>
                <td>{formatFen(r.chargedFen - r.refundedFen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </OperatorFrame>
  );
}
