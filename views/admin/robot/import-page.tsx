// Admin → Robot → Knowledge base → import and export: upload a JSON or CSV file (all of it is
// imported or none; the report lists each rejected row by line), download the knowledge base.
import type { Translate } from "../../../src/i18n/index";
import { Csrf } from "../routing/parts";
import { RobotFrame, type RobotPageBase } from "./robot-frame";

export interface ImportReportView {
  fileName: string;
  created: number;
  updated: number;
  /** line null: the file as a whole */
  rejected: { line: string | null; reason: string }[];
}

export interface ImportPageData extends RobotPageBase {
  report?: ImportReportView;
  error?: string;
}

function Report(p: { t: Translate; report: ImportReportView }) {
  const { t, report: r } = p;
  if (r.rejected.length === 0)
    return (
      <p class="notice" role="status" data-testid="import-done">
        {t("robot.import.done", { file: r.fileName, created: r.created, updated: r.updated })}
      </p>
    );
  return (
    <section class="card" data-testid="import-report" role="alert">
      <p class="error">{t("robot.import.rejected", { file: r.fileName, count: r.rejected.length })}</p>
      <table class="table">
        <thead>
          <tr>
            <th>{t("robot.import.col.line")}</th>
            <th>{t("robot.import.col.reason")}</th>
          </tr>
        </thead>
        <tbody>
          {r.rejected.map((x) => (
            <tr data-testid="import-rejected">
              <td class="robot-number">{x.line ?? t("robot.import.whole_file")}</td>
              <td>{x.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function ImportPage(d: ImportPageData) {
  const t = d.t;
  return (
    <RobotFrame {...d} title={t("robot.import.title")} path="/admin/robot/kb">
      <p class="small">
        <a href="/admin/robot/kb">{t("robot.form.back")}</a>
      </p>
      <h1>{t("robot.import.title")}</h1>
      {d.error && (
        <p class="error" role="alert">
          {d.error}
        </p>
      )}
      {d.report && <Report t={t} report={d.report} />}
      <section class="card stack">
        <h2>{t("robot.import.heading")}</h2>
        <p class="muted small">{t("robot.import.intro")}</p>
        <form method="post" action="/admin/robot/kb/import" enctype="multipart/form-data" class="stack" data-testid="import-form">
          <Csrf token={d.csrfToken} />
          <label>
            {t("robot.import.file")}
            <input type="file" name="file" accept=".json,.csv,application/json,text/csv" required data-testid="import-file" />
          </label>
          <div>
            <button type="submit" class="primary" data-testid="import-submit">
              {t("robot.import.submit")}
            </button>
          </div>
        </form>
      </section>
      <section class="card">
        <h2>{t("robot.export.heading")}</h2>
        <p class="muted small">{t("robot.export.intro")}</p>
        <div class="row-actions">
          <a class="button" href="/admin/robot/kb/export?format=json" download data-testid="export-json">
            {t("robot.export.json")}
          </a>
          <a class="button" href="/admin/robot/kb/export?format=csv" download data-testid="export-csv">
            {t("robot.export.csv")}
          </a>
        </div>
      </section>
    </RobotFrame>
  );
}
