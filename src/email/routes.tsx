// Email (docs/email.md): Admin → Settings → Email (the settings module) for the enterprise's mail
// server, the transcript choice, a test and the outbox; the platform's server in the operator
// console; each person's own choices on /account/email.
import { h } from "preact";
import { EmailPreferencesPage, EmailSettingsPage, OperatorEmailPage, type SmtpView } from "../../views/admin/email/email-pages";
import { audit } from "../accounts/audit";
import { UserError } from "../errors";
import { json, page } from "../http/respond";
import type { Req, Route } from "../http/route";
import { operatorAudit } from "../platform/operator-audit";
import { preferencesOf, queueTranscript, savePreferences } from "./notifications";
import { visitorOf } from "../http/widget-request";
import { smtpFor } from "./settings";
import { recentMail } from "./outbox";
import { enterpriseEmail, parseSmtpForm, platformSmtp, saveEnterpriseEmail, savePlatformSmtp, type SmtpForm } from "./settings";
import { sendMail, type SmtpSettings } from "./smtp";
import { t as translate } from "../i18n";
import { actorOf, str } from "../http/request";

const SETTINGS = { module: "settings" } as const;
const formOf = (req: Req): SmtpForm => ({
  host: str(req.body.host),
  port: str(req.body.port),
  security: str(req.body.security),
  username: str(req.body.username),
  password: str(req.body.password),
  fromAddress: str(req.body.fromAddress),
  fromName: str(req.body.fromName),
});
const view = (s: SmtpSettings | null): SmtpView | null => (s ? { host: s.host, port: s.port, security: s.security, username: s.username, passwordSet: !!s.password, fromAddress: s.fromAddress, fromName: s.fromName } : null);
const eid = (req: Req) => req.user!.enterpriseId;

function settingsPage(req: Req, extra: { notice?: string; error?: string } = {}, status = 200): Response {
  const own = enterpriseEmail(req.app.db, eid(req));
  const platform = req.app.config.mode === "platform" ? (platformSmtp(req.app.db) ? "available" : "unavailable") : "none";
  return page(
    h(EmailSettingsPage, {
      t: req.t,
      locale: req.locale,
      csrfToken: req.csrfToken,
      user: req.user!,
      smtp: view(own.smtp),
      platformFallback: own.smtp ? "none" : platform,
      transcriptOnClose: own.transcriptOnClose,
      mail: recentMail(req.app.db, eid(req)),
      ...extra,
    }),
    status,
  );
}

/** Sends a test mail now (not through the outbox: the admin waits for the answer), returning the error text or null. */
async function testSend(settings: SmtpSettings | null, to: string, locale: Req["locale"]): Promise<string | null> {
  if (!settings) return translate(locale, "email.test_no_server");
  try {
    await sendMail(settings, { to, subject: translate(locale, "email.test_subject"), text: translate(locale, "email.test_body") });
    return null;
  } catch (e) {
    return String((e as Error)?.message ?? e).slice(0, 300);
  }
}

const errorOf = (req: Req, e: UserError) => req.t(`common.error.${e.code}`, e.params);

/** transcripts one visitor's address may be sent per hour, counted in the outbox (no memory an anonymous caller can grow) */
export const TRANSCRIPTS_PER_HOUR = 3;

export const emailRoutes: Route[] = [
  {
    // The widget asks for the transcript of the visitor's ended conversation, sent to the email
    // they gave (never to an address given here: this is no open relay).
    method: "POST",
    path: "/api/widget/transcript",
    access: "public",
    api: true,
    crossSite: true,
    handle: (req) => {
      const { site, visitorId } = visitorOf(req);
      const db = req.app.db;
      const eid = site.enterpriseId;
      const c = db.$client.query("select id, visitor_id as visitorId, status from conversations where enterprise_id = ?1 and id = ?2 and site_id = ?3").get(eid, str(req.body.conversation), site.id) as {
        id: string;
        visitorId: string;
        status: string;
      } | null;
      if (!c || c.visitorId !== visitorId) throw new UserError("not_found", 404);
      if (c.status !== "closed") throw new UserError("transcript_open", 409);
      if (!smtpFor(db, eid, req.app.config.mode)) throw new UserError("transcript_unavailable", 409);
      const email = (db.$client.query("select email from visitors where enterprise_id = ?1 and id = ?2").get(eid, visitorId) as { email: string } | null)?.email ?? "";
      const recent = (db.$client.query("select count(*) as n from email_outbox where enterprise_id = ?1 and kind = 'transcript' and to_address = ?2 and created_at > ?3").get(eid, email, Date.now() - 3_600_000) as { n: number }).n;
      if (recent >= TRANSCRIPTS_PER_HOUR) throw new UserError("rate_limited", 429, { seconds: 3600 });
      if (!queueTranscript(db, eid, c.id)) throw new UserError("transcript_unavailable", 409);
      return json({ ok: true }, 202);
    },
  },
  { method: "GET", path: "/admin/email", access: SETTINGS, handle: (req) => settingsPage(req) },
  {
    method: "POST",
    path: "/admin/email",
    access: SETTINGS,
    handle: (req) => {
      const before = enterpriseEmail(req.app.db, eid(req));
      const transcriptOnClose = req.body.transcriptOnClose === "1";
      const form = formOf(req);
      try {
        // An empty host in platform mode means: use the platform's server (only the transcript choice is kept).
        const smtp = !form.host.trim() && req.app.config.mode === "platform" ? null : parseSmtpForm(form, before.smtp);
        saveEnterpriseEmail(req.app.db, eid(req), { smtp, transcriptOnClose });
        audit(req.app.db, actorOf(req), "email.settings_saved", { type: "email", id: eid(req), name: smtp?.host ?? "" }, { transcriptOnClose });
        return settingsPage(req, { notice: req.t("email.saved") });
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        return settingsPage(req, { error: errorOf(req, e) }, e.status);
      }
    },
  },
  {
    method: "POST",
    path: "/admin/email/clear",
    access: SETTINGS,
    handle: (req) => {
      const before = enterpriseEmail(req.app.db, eid(req));
      saveEnterpriseEmail(req.app.db, eid(req), { smtp: null, transcriptOnClose: before.transcriptOnClose });
      audit(req.app.db, actorOf(req), "email.settings_cleared", { type: "email", id: eid(req), name: before.smtp?.host ?? "" });
      return settingsPage(req, { notice: req.t("email.cleared") });
    },
  },
  {
    method: "POST",
    path: "/admin/email/test",
    access: SETTINGS,
    handle: async (req) => {
      const own = enterpriseEmail(req.app.db, eid(req)).smtp;
      const settings = own ?? (req.app.config.mode === "platform" ? platformSmtp(req.app.db) : null);
      const error = await testSend(settings, req.user!.email, req.locale);
      return settingsPage(req, error ? { error: req.t("email.test_failed", { error }) } : { notice: req.t("email.test_sent", { to: req.user!.email }) });
    },
  },
  {
    method: "GET",
    path: "/account/email",
    access: "user",
    handle: (req) => {
      const p = preferencesOf(req.app.db, req.user!);
      return page(h(EmailPreferencesPage, { t: req.t, locale: req.locale, csrfToken: req.csrfToken, user: req.user!, missedChats: p.missedChats, newLeads: p.newLeads }));
    },
  },
  {
    method: "POST",
    path: "/account/email",
    access: "user",
    handle: (req) => {
      const p = { missedChats: req.body.missedChats === "1", newLeads: req.body.newLeads === "1", lang: req.locale };
      savePreferences(req.app.db, req.user!, p);
      return page(h(EmailPreferencesPage, { t: req.t, locale: req.locale, csrfToken: req.csrfToken, user: req.user!, ...p, notice: req.t("email.prefs.saved") }));
    },
  },
  {
    method: "GET",
    path: "/operator/settings/email",
    access: "operator",
    handle: (req) => page(h(OperatorEmailPage, { t: req.t, locale: req.locale, csrfToken: req.csrfToken, operatorName: req.operator!.operator.name, smtp: view(platformSmtp(req.app.db)) })),
  },
  {
    method: "POST",
    path: "/operator/settings/email",
    access: "operator",
    handle: (req) => {
      const base = { t: req.t, locale: req.locale, csrfToken: req.csrfToken, operatorName: req.operator!.operator.name };
      const form = formOf(req);
      try {
        const smtp = form.host.trim() ? parseSmtpForm(form, platformSmtp(req.app.db)) : null;
        savePlatformSmtp(req.app.db, smtp);
        operatorAudit(req.app.db, { id: req.operator!.operator.id, name: req.operator!.operator.name }, "platform.email_saved", { type: "settings", id: "email" }, { host: smtp?.host ?? "" });
        return page(h(OperatorEmailPage, { ...base, smtp: view(smtp), notice: req.t("email.saved") }));
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        return page(h(OperatorEmailPage, { ...base, smtp: view(platformSmtp(req.app.db)), error: errorOf(req, e) }), e.status);
      }
    },
  },
  {
    method: "POST",
    path: "/operator/settings/email/test",
    access: "operator",
    handle: async (req) => {
      const base = { t: req.t, locale: req.locale, csrfToken: req.csrfToken, operatorName: req.operator!.operator.name };
      const smtp = platformSmtp(req.app.db);
      const error = await testSend(smtp, req.operator!.operator.email, req.locale);
      return page(h(OperatorEmailPage, { ...base, smtp: view(smtp), ...(error ? { error: req.t("email.test_failed", { error }) } : { notice: req.t("email.test_sent", { to: req.operator!.operator.email }) }) }));
    },
  },
];
