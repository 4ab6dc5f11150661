// Admin → Sites & groups → Business hours (工作时间): the sites with their hours, and one site's
// form: time zone, each weekday's periods ("09:00-12:00, 13:30-18:00"; "22:00-06:00" runs past
// midnight; empty = closed) and dated exceptions, one a line (holidays closed, 调休 days open).
import { Flash } from "../../parts/flash";
import type { Locale, Translate } from "../../../src/i18n/index";
import type { NavUser } from "../../layout";

import { Csrf, RoutingPage } from "../routing/parts";

export interface HoursForm {
  timeZone: string;
  /** index 0 = Sunday */
  days: string[];
  exceptions: string;
}

interface Common {
  t: Translate;
  locale: Locale;
  csrfToken: string;
  user: NavUser;
}

/** Monday first, as both languages' calendars show a working week. */
const WEEK = [1, 2, 3, 4, 5, 6, 0];

/** An instant on the site's clock, in the reader's language. */
const onSiteClock = (locale: Locale, at: number, timeZone: string) => new Date(at).toLocaleString(locale === "zh-CN" ? "zh-CN" : "en-GB", { timeZone, dateStyle: "medium", timeStyle: "short" });

function OpenState(p: { t: Translate; locale: Locale; open: boolean; opensAt: number | null; scheduled: boolean; timeZone: string }) {
  if (!p.scheduled) return <span class="muted">{p.t("hours.always_open")}</span>;
  if (p.open) return <span data-testid="hours-state" data-open="true">{p.t("hours.open_now")}</span>;
  return (
    <span data-testid="hours-state" data-open="false">
      {p.opensAt === null ? p.t("hours.closed_now") : p.t("hours.closed_until", { when: onSiteClock(p.locale, p.opensAt, p.timeZone), zone: p.timeZone })}
    </span>
  );
}

export function HoursListPage(d: Common & { sites: { id: string; name: string; timeZone: string | null; open: boolean; opensAt: number | null }[] }) {
  const t = d.t;
  return (
    <RoutingPage t={t} locale={d.locale} csrfToken={d.csrfToken} user={d.user} path="/admin/hours" title={t("hours.title")} intro={t("hours.intro")}>
      <table class="table">
        <thead>
          <tr>
            <th>{t("hours.col.site")}</th>
            <th>{t("hours.col.zone")}</th>
            <th>{t("hours.col.now")}</th>
          </tr>
        </thead>
        <tbody>
          {d.sites.map((s) => (
            <tr data-testid="hours-site">
              <td>
                <a href={`/admin/hours/${s.id}`}>{s.name}</a>
              </td>
              <td>{s.timeZone ?? "—"}</td>
              <td>
                <OpenState t={t} locale={d.locale} open={s.open} opensAt={s.opensAt} scheduled={s.timeZone !== null} timeZone={s.timeZone ?? "UTC"} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </RoutingPage>
  );
}

export function HoursPage(d: Common & { site: { id: string; name: string }; hasSchedule: boolean; open: boolean; opensAt: number | null; form: HoursForm; zones: string[]; notice?: string; error?: string }) {
  const t = d.t;
  const action = `/admin/hours/${d.site.id}`;
  return (
    <RoutingPage t={t} locale={d.locale} csrfToken={d.csrfToken} user={d.user} path="/admin/hours" title={t("hours.site_title", { site: d.site.name })} intro={t("hours.site_intro")}>
      <Flash error={d.error} notice={d.notice} />
      <p>
        <OpenState t={t} locale={d.locale} open={d.open} opensAt={d.opensAt} scheduled={d.hasSchedule} timeZone={d.form.timeZone} />
      </p>
      <form method="post" action={action} class="card stack" data-testid="hours-form">
        <Csrf token={d.csrfToken} />
        <label>
          {t("hours.zone")}
          <input name="timeZone" value={d.form.timeZone} list="hours-zones" required data-testid="hours-zone" />
          <datalist id="hours-zones">
            {d.zones.map((z) => (
              <option value={z} />
            ))}
          </datalist>
        </label>
        <fieldset>
          <legend>{t("hours.week")}</legend>
          <span class="muted small">{t("hours.week.hint")}</span>
          {WEEK.map((day) => (
            <label>
              {t(`hours.day.${day}`)}
              <input name={`day${day}`} value={d.form.days[day] ?? ""} placeholder={t("hours.closed")} data-testid={`hours-day-${day}`} />
            </label>
          ))}
        </fieldset>
        <label>
          {t("hours.exceptions")}
          <textarea name="exceptions" rows={6} data-testid="hours-exceptions" placeholder={"2026-10-01 closed # 国庆\n2026-09-27 09:00-18:00 # 调休"}>
            {d.form.exceptions}
          </textarea>
          <span class="muted small">{t("hours.exceptions.hint")}</span>
        </label>
        <p>
          <button type="submit" class="primary" data-testid="hours-save">
            {t("hours.save")}
          </button>
        </p>
      </form>
      {d.hasSchedule && (
        <form method="post" action={`${action}/remove`} class="card">
          <Csrf token={d.csrfToken} />
          <p class="muted">{t("hours.remove.hint")}</p>
          <button type="submit" class="small-button danger" data-testid="hours-remove">
            {t("hours.remove")}
          </button>
        </form>
      )}
    </RoutingPage>
  );
}
