// The enterprise side of platform mode: sign-up (public), the quick start after it, and Admin →
// Settings → Account with the verification form and the licence download.
import { h } from "preact";
import { eq } from "drizzle-orm";
import { AccountPage, type AccountData } from "../../views/platform/account-page";
import { SignupPage, type SignupValues } from "../../views/platform/signup-page";
import { StartPage } from "../../views/platform/start-page";
import { cookie } from "../http/cookies";
import { createSession, SESSION_COOKIE } from "../accounts/sessions";
import { getUser } from "../accounts/users";
import { enterprises } from "../db/schema";
import { UserError } from "../errors";
import { FORM_OVERHEAD } from "../http/body";
import { page, redirect } from "../http/respond";
import { refusalOf } from "../http/refusal";
import type { Req, Route } from "../http/route";
import { fileResponse } from "../files/store";
import { walletData } from "../billing/wallet";
import { signUp } from "./signup";
import { CheckMailPage, ConfirmLinkPage } from "../../views/platform/confirm-email-page";
import { audit } from "../accounts/audit";
import { confirmationLinkLive, confirmEmail, resendConfirmation } from "./email-confirmation";
import { ensureAccount } from "./standing";
import { LICENCE_MAX_BYTES, licenceBytes, markOutcomeSeen, ownVerification, submitVerification, verificationHistory } from "./verification";
import { str } from "../http/request";

const SETTINGS = { module: "settings" } as const;

function signupPage(req: Req, extra: { values?: SignupValues; error?: string } = {}, status = 200): Response {
  return page(h(SignupPage, { t: req.t, locale: req.locale, csrfToken: req.csrfToken, ...extra }), status);
}

function enterpriseName(req: Req): string {
  return req.app.db.select().from(enterprises).where(eq(enterprises.id, req.user!.enterpriseId)).get()?.name ?? "";
}

function accountResponse(req: Req, extra: Partial<AccountData> = {}, status = 200): Response {
  const db = req.app.db;
  const eid = req.user!.enterpriseId;
  const account = ensureAccount(db, eid);
  const history = verificationHistory(db, eid);
  const latest = history[0];
  // The operator's decision is announced once, the first time an admin opens the page after it.
  const outcome = latest && latest.state !== "pending" && latest.seenAt === null ? latest : undefined;
  if (outcome) markOutcomeSeen(db, eid, outcome.id);
  const data: AccountData = {
    t: req.t,
    locale: req.locale,
    user: req.user!,
    csrfToken: req.csrfToken,
    platform: req.app.config.mode === "platform",
    name: enterpriseName(req),
    displayId: account.displayId,
    state: account.state,
    suspendReason: account.suspendedAt === null ? null : account.suspendReason,
    history,
    outcome,
    licenceMaxMb: LICENCE_MAX_BYTES / 1024 / 1024,
    wallet: walletData(req.app, eid),
    ...extra,
  };
  return page(h(AccountPage, data), status);
}

export const enterpriseRoutes: Route[] = [
  {
    method: "GET",
    path: "/signup",
    access: "public",
    handle: (req) => {
      if (req.app.config.mode !== "platform") throw new UserError("not_found", 404);
      return signupPage(req);
    },
  },
  {
    method: "POST",
    path: "/signup",
    access: "public",
    handle: async (req) => {
      const values = { company: str(req.body.company), name: str(req.body.name), email: str(req.body.email), phone: str(req.body.phone) };
      try {
        const result = await signUp(req.app, req.ip, { ...values, password: req.body.password }, { origin: req.origin, lang: req.locale });
        const admin = getUser(req.app.db, result.enterpriseId, result.adminId)!;
        const { cookie: value } = createSession(req.app.db, admin, req.app.config.sessionDays);
        const res = redirect("/admin/start?welcome=1");
        res.headers.append("set-cookie", cookie(SESSION_COOKIE, value, { secure: req.origin.startsWith("https:"), maxAgeSeconds: req.app.config.sessionDays * 86400 }));
        return res;
      } catch (e) {
        if (!(e instanceof UserError) || e.code === "not_found") throw e;
        const res = signupPage(req, { values, error: req.t(`common.error.${e.code}`, e.params) }, e.status);
        if (e.code === "rate_limited") res.headers.set("retry-after", String(e.params.seconds));
        return res;
      }
    },
  },
  {
    // The link in the confirmation mail opens a page whose button uses it (a mail scanner opening links spends nothing).
    method: "GET",
    path: "/signup/confirm/:token",
    access: "public",
    handle: (req) => {
      if (req.app.config.mode !== "platform") throw new UserError("not_found", 404);
      const token = req.params.token ?? "";
      const live = confirmationLinkLive(req.app.db, token);
      return page(h(ConfirmLinkPage, { t: req.t, locale: req.locale, csrfToken: req.csrfToken, token, live }), live ? 200 : 410);
    },
  },
  {
    method: "POST",
    path: "/signup/confirm/:token",
    access: "public",
    handle: (req) => {
      if (req.app.config.mode !== "platform") throw new UserError("not_found", 404);
      const token = req.params.token ?? "";
      const done = confirmEmail(req.app.db, token);
      if (!done) return page(h(ConfirmLinkPage, { t: req.t, locale: req.locale, csrfToken: req.csrfToken, token, live: false }), 410);
      const admin = getUser(req.app.db, done.enterpriseId, done.userId);
      if (admin) audit(req.app.db, { id: admin.id, name: admin.name, enterpriseId: admin.enterpriseId }, "user.email_confirmed", { type: "user", id: admin.id, name: admin.email });
      // Signed in in this browser: on to the quick start; otherwise the sign-in page leads there.
      return redirect(req.user?.id === done.userId ? "/admin/start?welcome=1" : "/login?next=%2Fadmin%2Fstart");
    },
  },
  {
    method: "POST",
    path: "/account/email-confirmation/resend",
    access: "user",
    beforeEmailConfirmed: true,
    handle: (req) => {
      const user = req.user!;
      const sent = resendConfirmation(req.app.db, { id: user.id, enterpriseId: user.enterpriseId, email: user.email }, req.origin);
      if (sent.result === "none") return redirect("/admin/start");
      const base = { t: req.t, locale: req.locale, csrfToken: req.csrfToken, email: user.email };
      if (sent.result === "wait") {
        const res = page(h(CheckMailPage, { ...base, error: req.t("common.error.rate_limited", { seconds: sent.seconds }) }), 429);
        res.headers.set("retry-after", String(sent.seconds));
        return res;
      }
      return page(h(CheckMailPage, { ...base, notice: req.t("platform.confirm.resent", { email: user.email }) }));
    },
  },
  {
    method: "GET",
    path: "/admin/start",
    access: SETTINGS,
    handle: (req) => {
      const account = ensureAccount(req.app.db, req.user!.enterpriseId);
      return page(
        h(StartPage, { t: req.t, locale: req.locale, user: req.user!, csrfToken: req.csrfToken, name: enterpriseName(req), displayId: account.displayId, state: account.state, welcome: !!req.query.welcome }),
      );
    },
  },
  {
    method: "GET",
    path: "/admin/settings/account",
    access: SETTINGS,
    handle: (req) => {
      // "Submitted" is said while the submission waits; once decided, the outcome's notice speaks.
      const waiting = req.query.submitted && ensureAccount(req.app.db, req.user!.enterpriseId).state === "pending";
      return accountResponse(req, { notice: waiting ? req.t("platform.verify.submitted_notice") : undefined });
    },
  },
  {
    method: "POST",
    path: "/admin/settings/account/verification",
    access: SETTINGS,
    maxBody: LICENCE_MAX_BYTES + FORM_OVERHEAD,
    handle: async (req) => {
      if (req.app.config.mode !== "platform") throw new UserError("not_found", 404);
      const values = { legalName: str(req.body.legalName), creditCode: str(req.body.creditCode), contact: str(req.body.contact) };
      try {
        await submitVerification(req.app, req.user!, { ...values, licence: req.body.licence });
        return redirect("/admin/settings/account?submitted=1");
      } catch (e) {
        const { error, status } = refusalOf(req, e);
        return accountResponse(req, { values, error }, status);
      }
    },
  },
  {
    method: "GET",
    path: "/admin/settings/account/licence/:id",
    access: SETTINGS,
    handle: async (req) => {
      const v = ownVerification(req.app.db, req.user!.enterpriseId, req.params.id ?? "");
      const bytes = v && (await licenceBytes(req.app.config.dataDir, v));
      if (!v || !bytes) throw new UserError("not_found", 404);
      return fileResponse(bytes, v.licenceType, v.licenceName, { "cache-control": "private, no-store" });
    },
  },
];

