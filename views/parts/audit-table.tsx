// An audit log as a table: the enterprise's (Admin → Team → Audit) and the platform operators'
// (the console). One table, so both read the same way.
import type { Locale, Translate } from "../../src/i18n/index";
import { formatDateTime } from "../../common/time-format";

export interface AuditRow {
  at: number;
  action: string;
  who: string;
  target: string;
  /** JSON; "{}" shows nothing */
  details: string;
}

/** The catalogue's label of an action, or the action itself when it has none. */
export function actionLabel(t: Translate, action: string): string {
  const key = `team.action.${action}`;
  const label = t(key);
  return label === key ? action : label;
}

export function AuditTable(p: { t: Translate; locale: Locale; rows: AuditRow[]; testId: string; rowTestId: string; showCode?: boolean }) {
  const t = p.t;
  return (
    <table class="table audit" data-testid={p.testId}>
      <thead>
        <tr>
          <th>{t("team.audit.when")}</th>
          <th>{t("team.audit.who")}</th>
          <th>{t("team.audit.action")}</th>
          <th>{t("team.audit.target")}</th>
          <th>{t("team.audit.details")}</th>
        </tr>
      </thead>
      <tbody>
        {p.rows.map((e) => (
          <tr data-testid={p.rowTestId} data-action={e.action}>
            <td>
              <time dateTime={new Date(e.at).toISOString()}>{formatDateTime(e.at, p.locale)}</time>
            </td>
            <td>{e.who}</td>
            <td>
              {actionLabel(t, e.action)}
              {p.showCode && (
                <>
                  {" "}
                  <code class="small">{e.action}</code>
                </>
              )}
            </td>
            <td>{e.target}</td>
            <td>
              <code class="small">{e.details === "{}" ? "" : e.details}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
