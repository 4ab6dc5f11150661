// Admin → Robot: the overview with the switch per site, the knowledge base (list, add, edit,
// switch off, delete, import, export) and the unanswered questions. All behind the "robot" module.
import { h } from "preact";
import { RobotOverviewPage, RobotSitesSection, type RobotSitesData } from "../../views/admin/robot/overview-page";
import { EntryRow, KbResults, KnowledgeBasePage, type KbFilter } from "../../views/admin/robot/knowledge-base-page";
import { AnswerPreview, EntryFormPage, type EntryFormValues } from "../../views/admin/robot/entry-form-page";
import { ImportPage, type ImportReportView } from "../../views/admin/robot/import-page";
import { AddSimilarPage, UnansweredPage, type EntryRef } from "../../views/admin/robot/unanswered-page";
import { RobotSettingsPage } from "../../views/admin/robot/settings-page";
import { SynonymsPage } from "../../views/admin/robot/synonyms-page";
import { BUILT_IN_SYNONYMS } from "./synonyms";
import { LLM_TIMEOUT } from "./llm";
import { SYNONYM_LIMITS } from "./own-synonyms";
import { audit } from "../accounts/audit";
import { enterprises } from "../db/schema";
import { UserError } from "../errors";
import { fragment, page, redirect } from "../http/respond";
import type { Req, Route } from "../http/route";
import type { Translate } from "../i18n";
import { getSite, listSites } from "../sites/sites";
import { eq } from "drizzle-orm";
import { robotAllowed } from "./allowed";
import { addonOffer } from "../billing/service/offer";
import { isProblem, KEYWORD_SEPARATORS, type EntryInput, type Problem } from "./entries";
import { detectFormat, placeLabel, type Format } from "./exchange";
import { entryLanguage } from "./language";
import { getUnanswered } from "./learning";
import { robotService } from "./service";
import { setSiteRobot } from "./switch";
import { LANGUAGES } from "./language";
import { checkLlmForm, keyHint, robotSettingsOf, saveRobotSettings, SMALL_TALK_MAX, type SmallTalkReplies } from "./settings";
import { SMALL_TALK_KINDS } from "./small-talk";
import { t as translate } from "../i18n";
import { FORM_OVERHEAD } from "../http/body";
import { decodeUpload } from "../files/text";
import { isHtmx, str } from "../http/request";

const ROBOT = { module: "robot" } as const;
/** Entries shown at once in the list; a search narrows a larger knowledge base. */
const LIST_MAX = 300;
const IMPORT_MAX_MB = 5;

const enterpriseId = (req: Req) => req.user!.enterpriseId;
const robot = (req: Req) => robotService(req.app.db);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : typeof v === "string" && v ? [v] : []);
const base = (req: Req) => ({ t: req.t, locale: req.locale, user: req.user!, csrfToken: req.csrfToken });
const say = (t: Translate, p: Problem) => t(p.key, p.params);

function allowed(req: Req): boolean {
  return robotAllowed(req.app.config.mode, req.app.db, { id: enterpriseId(req) });
}

function sitesData(req: Req, notice?: string): RobotSitesData {
  const sites = listSites(req.app.db, enterpriseId(req)).map((s) => ({ id: s.id, name: s.name, robotEnabled: s.robotEnabled }));
  const mayHave = allowed(req);
  // Platform mode without the add-on: the price and the way to open it (F15); the knowledge base stays editable.
  const offer = !mayHave && req.app.config.mode === "platform" ? addonOffer(req.app, enterpriseId(req), req.app.chat.clock.now()) : undefined;
  return { t: req.t, csrfToken: req.csrfToken, sites, allowed: mayHave, addonOffer: offer, notice };
}

function keyParam(req: Req): string {
  const key = decodeURIComponent(req.params.key ?? "");
  if (!robot(req).stored(enterpriseId(req), key)) throw new UserError("not_found", 404);
  return key;
}

function filterOf(req: Req): KbFilter {
  return { q: str(req.query.q).slice(0, 100), category: str(req.query.category).slice(0, 60) };
}

function kbResults(req: Req) {
  const filter = filterOf(req);
  const all = robot(req).list(enterpriseId(req), filter);
  return { t: req.t, csrfToken: req.csrfToken, entries: all.slice(0, LIST_MAX), total: all.length, filter };
}

function formInput(req: Req): EntryInput {
  const b = req.body;
  return {
    key: str(b.key),
    question: str(b.question),
    answer: str(b.answer),
    keywords: str(b.keywords).split(KEYWORD_SEPARATORS),
    related: list(b.related),
    category: str(b.category),
    enabled: b.enabled === "1" || b.enabled === "on",
    language: str(b.language),
    similar: str(b.similar).split("\n"),
  };
}

function formValues(input: EntryInput): EntryFormValues {
  return {
    key: input.key ?? "",
    question: input.question,
    answer: input.answer,
    keywords: input.keywords.map((k) => k.trim()).filter(Boolean).join(", "),
    related: input.related ?? [],
    category: input.category ?? "",
    enabled: input.enabled ?? true,
    language: input.language ?? "",
    similar: (input.similar ?? []).map((s) => s.trim()).filter(Boolean).join("\n"),
  };
}

function formPage(req: Req, editing: string | null, values: EntryFormValues, opts: { from?: string; error?: string; status?: number } = {}): Response {
  const id = enterpriseId(req);
  const others = robot(req)
    .list(id)
    .filter((e) => e.key !== editing)
    .map((e) => ({ key: e.key, question: e.question }));
  const detected = entryLanguage({ question: values.question, answer: values.answer });
  return page(h(EntryFormPage, { ...base(req), editing, values, others, categories: robot(req).categories(id), detected, languages: LANGUAGES, from: opts.from, error: opts.error }), opts.status ?? 200);
}

/** Saves the form; on a problem the form comes back with what was typed and the reason (422). */
function saveForm(req: Req, editing: string | null): Response {
  const input = formInput(req);
  const from = str(req.body.from) || undefined;
  const saved = robot(req).save(enterpriseId(req), editing, input);
  if (isProblem(saved)) return formPage(req, editing, formValues(input), { from, error: say(req.t, saved), status: 422 });
  if (from) robot(req).dismissUnanswered(enterpriseId(req), from);
  audit(req.app.db, req.user!, editing === null ? "robot.entry_created" : "robot.entry_updated", { type: "robot_entry", id: saved.key, name: saved.question });
  return redirect(`/admin/robot/kb?saved=${encodeURIComponent(saved.key)}`);
}

function importReport(req: Req, fileName: string, result: ReturnType<ReturnType<typeof robotService>["importFile"]>): ImportReportView {
  return { fileName, created: result.created, updated: result.updated, rejected: result.rejected.map((r) => ({ line: placeLabel(r), reason: say(req.t, r.problem) })) };
}

/** The entries the robot finds closest to a question (its match, then its suggestions), for the unanswered list. */
function closest(req: Req, text: string): EntryRef[] {
  const d = robot(req).ask(enterpriseId(req), text);
  return [...(d.match ? [d.match] : []), ...d.suggestions].map((s) => ({ key: s.key, question: s.question }));
}

function settingsPage(req: Req, opts: { notice?: string; error?: string; status?: number } = {}): Response {
  const settings = robotSettingsOf(req.app.db, enterpriseId(req));
  const builtIn = (language: string, kind: string) => translate(language === "zh" ? "zh-CN" : "en", `robot.small_talk.${kind}`);
  const fixed = { languages: LANGUAGES, kinds: SMALL_TALK_KINDS, smallTalkMax: SMALL_TALK_MAX, llmTimeout: LLM_TIMEOUT };
  return page(h(RobotSettingsPage, { ...base(req), ...fixed, smallTalk: settings.smallTalk, builtIn, llm: settings, keyHint: keyHint(settings.llmKey), notice: opts.notice, error: opts.error }), opts.status ?? 200);
}

function synonymsPage(req: Req, opts: { notice?: string; error?: string; values?: { word: string; equivalents: string }; status?: number } = {}): Response {
  const builtIn = BUILT_IN_SYNONYMS.map((line) => line.split("|")).filter((line) => line.length > 1);
  return page(h(SynonymsPage, { ...base(req), own: robot(req).synonyms(enterpriseId(req)), wordMax: SYNONYM_LIMITS.word, builtIn, ...opts }), opts.status ?? 200);
}

export const robotRoutes: Route[] = [
  {
    method: "GET",
    path: "/admin/robot/synonyms",
    access: ROBOT,
    handle: (req) => {
      const saved = str(req.query.saved);
      return synonymsPage(req, { notice: saved ? req.t("robot.synonyms.saved", { word: saved }) : req.query.deleted ? req.t("robot.synonyms.deleted") : undefined });
    },
  },
  {
    method: "POST",
    path: "/admin/robot/synonyms",
    access: ROBOT,
    handle: (req) => {
      const values = { word: str(req.body.word).slice(0, 100), equivalents: str(req.body.equivalents).slice(0, 2000) };
      const saved = robot(req).saveSynonym(enterpriseId(req), values.word, values.equivalents);
      if (isProblem(saved)) return synonymsPage(req, { error: say(req.t, saved), values, status: 422 });
      audit(req.app.db, req.user!, "robot.synonym_saved", { type: "robot_synonym", id: saved.id, name: saved.word }, { equivalents: saved.equivalents });
      return redirect(`/admin/robot/synonyms?saved=${encodeURIComponent(saved.word)}`);
    },
  },
  {
    method: "POST",
    path: "/admin/robot/synonyms/:id/delete",
    access: ROBOT,
    handle: (req) => {
      if (!robot(req).deleteSynonym(enterpriseId(req), req.params.id ?? "")) throw new UserError("not_found", 404);
      audit(req.app.db, req.user!, "robot.synonym_deleted", { type: "robot_synonym", id: req.params.id ?? "", name: req.params.id ?? "" });
      return redirect("/admin/robot/synonyms?deleted=1");
    },
  },
  {
    method: "GET",
    path: "/admin/robot/settings",
    access: ROBOT,
    handle: (req) => settingsPage(req, { notice: req.query.saved ? req.t("robot.settings.saved") : undefined }),
  },
  {
    method: "POST",
    path: "/admin/robot/settings/small-talk",
    access: ROBOT,
    handle: (req) => {
      const smallTalk: SmallTalkReplies = {};
      for (const language of LANGUAGES)
        for (const kind of SMALL_TALK_KINDS) {
          const text = str(req.body[`${language}.${kind}`]).trim();
          if (text.length > SMALL_TALK_MAX) return settingsPage(req, { error: req.t("robot.problem.small_talk_long", { max: SMALL_TALK_MAX }), status: 422 });
          if (text) (smallTalk[language] ??= {})[kind] = text;
        }
      saveRobotSettings(req.app.db, enterpriseId(req), { smallTalk });
      audit(req.app.db, req.user!, "robot.settings_saved", { type: "robot_settings", id: enterpriseId(req), name: "small talk" });
      return redirect("/admin/robot/settings?saved=1");
    },
  },
  {
    method: "POST",
    path: "/admin/robot/settings/llm",
    access: ROBOT,
    handle: (req) => {
      const id = enterpriseId(req);
      const b = req.body;
      const form = { mode: str(b.mode), baseUrl: str(b.baseUrl), model: str(b.model), key: str(b.key), clearKey: b.clearKey === "1", timeoutMs: str(b.timeoutMs) };
      const checked = checkLlmForm(form, robotSettingsOf(req.app.db, id));
      if (isProblem(checked)) return settingsPage(req, { error: say(req.t, checked), status: 422 });
      saveRobotSettings(req.app.db, id, checked);
      // The audit names what changed, never the key.
      audit(req.app.db, req.user!, "robot.settings_saved", { type: "robot_settings", id, name: "llm" }, { mode: checked.llmMode, baseUrl: checked.llmBaseUrl, model: checked.llmModel, keyChanged: !!form.key || form.clearKey });
      return redirect("/admin/robot/settings?saved=1");
    },
  },
  {
    method: "GET",
    path: "/admin/robot",
    access: ROBOT,
    handle: (req) => {
      const id = enterpriseId(req);
      const entries = robot(req).list(id);
      return page(
        h(RobotOverviewPage, {
          ...base(req),
          ...sitesData(req),
          share: robot(req).resolvedShare(id, 30),
          days: 30,
          entries: { total: entries.length, enabled: entries.filter((e) => e.enabled).length },
          unanswered: robot(req).unanswered(id).length,
        }),
      );
    },
  },
  {
    method: "POST",
    path: "/admin/robot/sites/:id",
    access: ROBOT,
    handle: (req) => {
      const site = getSite(req.app.db, enterpriseId(req), req.params.id ?? "");
      if (!site) throw new UserError("not_found", 404);
      if (!allowed(req)) throw new UserError("forbidden", 403);
      const on = req.body.enabled === "1";
      setSiteRobot(req.app.db, enterpriseId(req), site.id, on);
      audit(req.app.db, req.user!, "robot.site_switched", { type: "site", id: site.id, name: site.name }, { robotEnabled: on });
      const notice = req.t(on ? "robot.sites.turned_on" : "robot.sites.turned_off", { site: site.name });
      return isHtmx(req) ? fragment(h(RobotSitesSection, sitesData(req, notice))) : redirect("/admin/robot");
    },
  },
  {
    method: "GET",
    path: "/admin/robot/kb",
    access: ROBOT,
    handle: (req) => {
      if (isHtmx(req)) return fragment(h(KbResults, kbResults(req)));
      const saved = str(req.query.saved);
      const notice = saved ? req.t("robot.kb.saved", { key: saved }) : undefined;
      return page(h(KnowledgeBasePage, { ...base(req), ...kbResults(req), categories: robot(req).categories(enterpriseId(req)), notice }));
    },
  },
  {
    method: "GET",
    path: "/admin/robot/kb/new",
    access: ROBOT,
    handle: (req) => {
      const from = str(req.query.from);
      const group = from ? getUnanswered(req.app.db, enterpriseId(req), from) : undefined;
      const values: EntryFormValues = { key: "", question: group?.example ?? "", answer: "", keywords: "", related: [], category: "", enabled: true, language: "", similar: "" };
      return formPage(req, null, values, { from: group?.id });
    },
  },
  { method: "POST", path: "/admin/robot/kb", access: ROBOT, handle: (req) => saveForm(req, null) },
  {
    method: "POST",
    path: "/admin/robot/preview",
    access: ROBOT,
    handle: (req) => fragment(h(AnswerPreview, { text: str(req.body.answer), empty: req.t("robot.form.preview_empty") })),
  },
  {
    method: "GET",
    path: "/admin/robot/kb/import",
    access: ROBOT,
    handle: (req) => page(h(ImportPage, base(req))),
  },
  {
    method: "POST",
    path: "/admin/robot/kb/import",
    access: ROBOT,
    maxBody: IMPORT_MAX_MB * 1024 * 1024 + FORM_OVERHEAD,
    handle: async (req) => {
      const file = req.body.file;
      if (!(file instanceof Blob) || file.size === 0) return page(h(ImportPage, { ...base(req), error: req.t("robot.problem.file_missing") }), 422);
      if (file.size > IMPORT_MAX_MB * 1024 * 1024) return page(h(ImportPage, { ...base(req), error: req.t("robot.problem.file_large", { max: IMPORT_MAX_MB }) }), 413);
      const fileName = file instanceof File ? file.name : "upload";
      // Excel in China saves "CSV" as GBK: read as it was written, or refused (never stored garbled).
      const text = decodeUpload(await file.bytes());
      if (text === null) return page(h(ImportPage, { ...base(req), error: req.t("common.error.upload_encoding") }), 422);
      const result = robot(req).importFile(enterpriseId(req), text, detectFormat(fileName, text));
      if (!result.rejected.length)
        audit(req.app.db, req.user!, "robot.imported", { type: "robot_kb", id: fileName, name: fileName }, { created: result.created, updated: result.updated });
      return page(h(ImportPage, { ...base(req), report: importReport(req, fileName, result) }), result.rejected.length ? 422 : 200);
    },
  },
  {
    method: "GET",
    path: "/admin/robot/kb/export",
    access: ROBOT,
    handle: (req) => {
      const format: Format = req.query.format === "csv" ? "csv" : "json";
      const name = req.app.db.select({ name: enterprises.name }).from(enterprises).where(eq(enterprises.id, enterpriseId(req))).get()?.name ?? "parley";
      const date = new Date().toISOString().slice(0, 10);
      const file = `knowledge-base-${date}.${format}`;
      return new Response(robot(req).exportFile(enterpriseId(req), format), {
        headers: {
          "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
          "content-disposition": `attachment; filename="${file}"; filename*=UTF-8''${encodeURIComponent(`${name}-${file}`)}`,
          "cache-control": "no-store",
          "x-content-type-options": "nosniff",
        },
      });
    },
  },
  {
    method: "GET",
    path: "/admin/robot/kb/:key",
    access: ROBOT,
    handle: (req) => {
      const e = robot(req).stored(enterpriseId(req), keyParam(req))!;
      return formPage(req, e.key, {
        key: e.key,
        question: e.question,
        answer: e.answer,
        keywords: e.keywords.join(", "),
        related: e.related,
        category: e.category,
        enabled: e.enabled,
        language: e.language ?? "",
        similar: e.similar.join("\n"),
      });
    },
  },
  { method: "POST", path: "/admin/robot/kb/:key", access: ROBOT, handle: (req) => saveForm(req, keyParam(req)) },
  {
    method: "POST",
    path: "/admin/robot/kb/:key/enabled",
    access: ROBOT,
    handle: (req) => {
      const key = keyParam(req);
      const on = req.body.enabled === "1";
      const row = robot(req).setEnabled(enterpriseId(req), key, on)!;
      audit(req.app.db, req.user!, on ? "robot.entry_enabled" : "robot.entry_disabled", { type: "robot_entry", id: key, name: row.question });
      return isHtmx(req) ? fragment(h(EntryRow, { t: req.t, csrfToken: req.csrfToken, entry: row })) : redirect("/admin/robot/kb");
    },
  },
  {
    method: "POST",
    path: "/admin/robot/kb/:key/delete",
    access: ROBOT,
    handle: (req) => {
      const key = keyParam(req);
      const question = robot(req).stored(enterpriseId(req), key)!.question;
      robot(req).remove(enterpriseId(req), key);
      audit(req.app.db, req.user!, "robot.entry_deleted", { type: "robot_entry", id: key, name: question });
      return isHtmx(req) ? new Response(null, { status: 200 }) : redirect("/admin/robot/kb");
    },
  },
  {
    method: "GET",
    path: "/admin/robot/unanswered",
    access: ROBOT,
    handle: (req) => {
      const id = enterpriseId(req);
      const groups = robot(req)
        .unanswered(id)
        .map((g) => ({ ...g, closest: closest(req, g.example) }));
      const added = str(req.query.added);
      const entry = added ? robot(req).stored(id, added) : undefined;
      return page(h(UnansweredPage, { ...base(req), groups, notice: entry ? req.t("robot.unanswered.similar_added", { question: entry.question }) : undefined }));
    },
  },
  {
    method: "GET",
    path: "/admin/robot/unanswered/:id/similar",
    access: ROBOT,
    handle: (req) => {
      const group = getUnanswered(req.app.db, enterpriseId(req), req.params.id ?? "");
      if (!group) throw new UserError("not_found", 404);
      const first = closest(req, group.example);
      const rest = robot(req)
        .list(enterpriseId(req))
        .filter((e) => !first.some((f) => f.key === e.key))
        .map((e) => ({ key: e.key, question: e.question }));
      return page(h(AddSimilarPage, { ...base(req), group, entries: [...first, ...rest] }));
    },
  },
  {
    method: "POST",
    path: "/admin/robot/unanswered/:id/similar",
    access: ROBOT,
    handle: (req) => {
      const group = getUnanswered(req.app.db, enterpriseId(req), req.params.id ?? "");
      if (!group) throw new UserError("not_found", 404);
      const key = str(req.body.key);
      const saved = robot(req).addSimilar(enterpriseId(req), key, group.example, group.id);
      if (isProblem(saved)) {
        if (saved.key === "robot.problem.not_found") throw new UserError("not_found", 404);
        const entries = robot(req).list(enterpriseId(req)).map((e) => ({ key: e.key, question: e.question }));
        return page(h(AddSimilarPage, { ...base(req), group, entries, error: say(req.t, saved) }), 422);
      }
      audit(req.app.db, req.user!, "robot.entry_updated", { type: "robot_entry", id: saved.key, name: saved.question }, { similarAdded: group.example });
      return redirect(`/admin/robot/unanswered?added=${encodeURIComponent(saved.key)}`);
    },
  },
  {
    method: "POST",
    path: "/admin/robot/unanswered/:id/dismiss",
    access: ROBOT,
    handle: (req) => {
      if (!robot(req).dismissUnanswered(enterpriseId(req), req.params.id ?? "")) throw new UserError("not_found", 404);
      return isHtmx(req) ? new Response(null, { status: 200 }) : redirect("/admin/robot/unanswered");
    },
  },
];
