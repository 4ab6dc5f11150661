// The operator console (/operator): sign-in with password and TOTP code, the first-run set-up of a
// fresh platform data directory, the verification queue, enterprises (search, suspend, resume),
// the operators' audit log and the platform settings. Every console route declares the
// "operator" access; the guard refuses enterprise users there (403).
import { h } from "preact";
import { OperatorLoginPage, OperatorSetupPage } from "../../views/operator/sign-in-pages";
import { EnterprisePage, EnterprisesPage, OperatorAuditPage, PlatformSettingsPage, QueuePage, ReviewPage } from "../../views/operator/console-pages";
import { burnPasswordCheck, MAX_PASSWORD_LENGTH, verifyPassword } from "../accounts/passwords";
import { groupSecret, otpauthUri } from "../accounts/totp";
import { UserError } from "../errors";
import { cookie, readCookie } from "../http/cookies";
import { page, redirect, safeLocalPath } from "../http/respond";
import { refusalShown } from "../http/refusal";
import type { Req, Route } from "../http/route";
import { fileResponse } from "../files/store";
import { directoryRow, searchEnterprises } from "./directory";
import { operatorAudit, operatorAuditPage } from "./operator-audit";
import {
  createOperatorSession,
  deleteExpiredOperatorSessions,
  deleteOperatorSession,
  OPERATOR_COOKIE,
  OPERATOR_PENDING_COOKIE,
  OPERATOR_PENDING_MINUTES,
  OPERATOR_SESSION_HOURS,
  pendingOperator,
  readPendingOperator,
} from "./operator-sessions";
import { addOperator, consumeOperatorCode, findOperatorByEmail, getOperator, operatorCount, type Operator } from "./operators";
import { platformSettings, savePlatformSettings, smtpConfigured } from "./settings";
import { accountOf } from "./standing";
import { resumeEnterprise, suspendEnterprise } from "./suspension";
import { licenceBytes, pendingVerifications, reviewVerification, verificationForOperator, verificationHistory } from "./verification";
import { str } from "../http/request";

const OPERATOR = "operator" as const;
const secure = (req: Req) => req.origin.startsWith("https:");
const platformOnly = (req: Req) => {
  if (req.app.config.mode !== "platform") throw new UserError("not_found", 404);
};
const me = (req: Req) => ({ id: req.operator!.operator.id, name: req.operator!.operator.name });
const base = (req: Req) => ({ t: req.t, locale: req.locale, csrfToken: req.csrfToken, operatorName: req.operator!.operator.name });
const pageNo = (req: Req) => Number(req.query.page ?? 1) || 1;

function loginPage(req: Req, extra: { step?: "password" | "code"; error?: string; email?: string; notice?: string } = {}, status = 200): Response {
  return page(h(OperatorLoginPage, { t: req.t, locale: req.locale, csrfToken: req.csrfToken, step: "password", next: safeLocalPath(req.query.next ?? req.body.next, ""), ...extra }), status);
}

function limited(res: Response, wait: number): Response {
  res.headers.set("retry-after", String(wait));
  return res;
}

function pending(req: Req): Operator | undefined {
  const db = req.app.db;
  const id = readPendingOperator(db, readCookie(req.request, OPERATOR_PENDING_COOKIE), (opId) => getOperator(db, opId)?.passwordChangedAt);
  return id ? getOperator(db, id) : undefined;
}

function reviewPage(req: Req, id: string, extra: { error?: string; notice?: string } = {}, status = 200): Response {
  const v = verificationForOperator(req.app.db, id);
  const enterprise = v && directoryRow(req.app.db, v.enterpriseId);
  if (!v || !enterprise) throw new UserError("not_found", 404);
  return page(h(ReviewPage, { ...base(req), v, enterprise, ...extra }), status);
}

function enterprisePage(req: Req, id: string, extra: { error?: string; notice?: string } = {}, status = 200): Response {
  const e = directoryRow(req.app.db, id);
  if (!e) throw new UserError("not_found", 404);
  const history = verificationHistory(req.app.db, id);
  const log = operatorAuditPage(req.app.db, { enterpriseId: id }).entries;
  return page(h(EnterprisePage, { ...base(req), e, suspendReason: accountOf(req.app.db, id)?.suspendReason ?? "", history, log, ...extra }), status);
}

export const operatorRoutes: Route[] = [
  // ---- sign-in and set-up (public) ----
  {
    method: "GET",
    path: "/operator/login",
    access: "public",
    handle: (req) => {
      platformOnly(req);
      if (operatorCount(req.app.db) === 0) return redirect("/operator/setup", 302);
      if (req.operator) return redirect(safeLocalPath(req.query.next, "/operator"), 302);
      return loginPage(req, { notice: req.query.signed_out ? req.t("common.login.signed_out") : undefined });
    },
  },
  {
    method: "POST",
    path: "/operator/login",
    access: "public",
    handle: async (req) => {
      platformOnly(req);
      const rawEmail = str(req.body.email).slice(0, 254);
      const email = rawEmail.trim().toLowerCase();
      const password = str(req.body.password);
      // A password longer than any can be is neither hashed nor counted, as on /login.
      if (password.length > MAX_PASSWORD_LENGTH) return loginPage(req, { error: req.t("common.error.password_too_long"), email: rawEmail }, 400);
      // Counted before the password is checked (the enterprises' sign-in limiter, keys of its own).
      const counted = req.app.loginLimiter.attempt(req.ip, `operator:${email}`);
      if (!("attempt" in counted)) return limited(loginPage(req, { error: req.t("common.error.rate_limited", { seconds: counted.wait }), email: rawEmail }, 429), counted.wait);
      const operator = findOperatorByEmail(req.app.db, email);
      const ok = operator ? await verifyPassword(password, operator.passwordHash) : (await burnPasswordCheck(password), false);
      if (!ok || !operator) return loginPage(req, { error: req.t("common.login.failed"), email: rawEmail }, 401);
      req.app.loginLimiter.succeed(counted.attempt);
      const next = safeLocalPath(req.body.next, "");
      const res = redirect(next ? `/operator/login/code?next=${encodeURIComponent(next)}` : "/operator/login/code");
      res.headers.append("set-cookie", cookie(OPERATOR_PENDING_COOKIE, pendingOperator(req.app.db, operator), { secure: secure(req), maxAgeSeconds: OPERATOR_PENDING_MINUTES * 60 }));
      return res;
    },
  },
  {
    method: "GET",
    path: "/operator/login/code",
    access: "public",
    handle: (req) => {
      platformOnly(req);
      return pending(req) ? loginPage(req, { step: "code" }) : redirect("/operator/login", 302);
    },
  },
  {
    method: "POST",
    path: "/operator/login/code",
    access: "public",
    handle: async (req) => {
      platformOnly(req);
      const operator = pending(req);
      if (!operator) return redirect("/operator/login", 303);
      // As the enterprises' codes (src/accounts/routes.ts): counted before the check, and per
      // operator from every address too, or a holder of the password could spread guesses over
      // many addresses (an IPv6 network is millions of them); the lockout is the guesser's own.
      const counted = req.app.loginLimiter.attempt(req.ip, `operator-2fa:${operator.id}`, { perSubject: true });
      if (!("attempt" in counted)) return limited(loginPage(req, { step: "code", error: req.t("common.error.rate_limited", { seconds: counted.wait }) }, 429), counted.wait);
      if (!(await consumeOperatorCode(req.app.db, operator, str(req.body.code)))) return loginPage(req, { step: "code", error: req.t("common.error.wrong_code") }, 401);
      req.app.loginLimiter.succeed(counted.attempt);
      deleteExpiredOperatorSessions(req.app.db);
      const session = createOperatorSession(req.app.db, operator);
      operatorAudit(req.app.db, { id: operator.id, name: operator.name }, "operator.signed_in", { type: "operator", id: operator.id, name: operator.email }, { ip: req.ip });
      const res = redirect(safeLocalPath(req.body.next, "/operator"));
      res.headers.append("set-cookie", cookie(OPERATOR_COOKIE, session.cookie, { secure: secure(req), maxAgeSeconds: OPERATOR_SESSION_HOURS * 3600 }));
      res.headers.append("set-cookie", cookie(OPERATOR_PENDING_COOKIE, "", { maxAgeSeconds: 0, secure: secure(req) }));
      return res;
    },
  },
  {
    method: "GET",
    path: "/operator/setup",
    access: "public",
    handle: (req) => {
      platformOnly(req);
      if (operatorCount(req.app.db) > 0) return redirect("/operator/login", 302);
      return page(h(OperatorSetupPage, { t: req.t, locale: req.locale, csrfToken: req.csrfToken }));
    },
  },
  {
    method: "POST",
    path: "/operator/setup",
    access: "public",
    handle: async (req) => {
      platformOnly(req);
      const values = { email: str(req.body.email), name: str(req.body.name) };
      try {
        const op = await addOperator(req.app.db, { ...values, password: req.body.password }, { onlyIfNone: true, by: "set-up page" });
        const created = { email: op.email, secret: op.totpSecret, grouped: groupSecret(op.totpSecret), uri: otpauthUri(op.totpSecret, op.email, "Parley operator") };
        return page(h(OperatorSetupPage, { t: req.t, locale: req.locale, csrfToken: req.csrfToken, created }));
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        if (e.code === "already_initialised") return redirect("/operator/login", 303);
        return page(h(OperatorSetupPage, { t: req.t, locale: req.locale, csrfToken: req.csrfToken, values, error: req.t(`common.error.${e.code}`, e.params) }), e.status);
      }
    },
  },
  {
    method: "POST",
    path: "/operator/logout",
    access: OPERATOR,
    handle: (req) => {
      deleteOperatorSession(req.app.db, req.operator!.id);
      const res = redirect("/operator/login?signed_out=1");
      res.headers.append("set-cookie", cookie(OPERATOR_COOKIE, "", { maxAgeSeconds: 0, secure: secure(req) }));
      return res;
    },
  },

  // ---- the console ----
  { method: "GET", path: "/operator", access: OPERATOR, handle: () => redirect("/operator/verifications", 302) },
  {
    method: "GET",
    path: "/operator/verifications",
    access: OPERATOR,
    handle: (req) => page(h(QueuePage, { ...base(req), ...pendingVerifications(req.app.db, pageNo(req)), notice: req.query.done ? req.t(`platform.op.review.done_${req.query.done === "approve" ? "approve" : "reject"}`) : undefined })),
  },
  { method: "GET", path: "/operator/verifications/:id", access: OPERATOR, handle: (req) => reviewPage(req, req.params.id ?? "") },
  {
    method: "GET",
    path: "/operator/verifications/:id/licence",
    access: OPERATOR,
    handle: async (req) => {
      const v = verificationForOperator(req.app.db, req.params.id ?? "");
      const bytes = v && (await licenceBytes(req.app.config.dataDir, v));
      if (!v || !bytes) throw new UserError("not_found", 404);
      return fileResponse(bytes, v.licenceType, v.licenceName, { "cache-control": "private, no-store" });
    },
  },
  ...(["approve", "reject"] as const).map(
    (decision): Route => ({
      method: "POST",
      path: `/operator/verifications/:id/${decision}`,
      access: OPERATOR,
      handle: (req) => {
        const id = req.params.id ?? "";
        return refusalShown(
          req,
          () => {
            reviewVerification(req.app.db, me(req), id, decision, req.body.reason);
            return redirect(`/operator/verifications?done=${decision}`);
          },
          (error, status) => reviewPage(req, id, { error }, status),
        );
      },
    }),
  ),
  {
    method: "GET",
    path: "/operator/enterprises",
    access: OPERATOR,
    handle: (req) => {
      const q = str(req.query.q).slice(0, 100);
      return page(h(EnterprisesPage, { ...base(req), q, ...searchEnterprises(req.app.db, q, pageNo(req)) }));
    },
  },
  { method: "GET", path: "/operator/enterprises/:id", access: OPERATOR, handle: (req) => enterprisePage(req, req.params.id ?? "") },
  ...(["suspend", "resume"] as const).map(
    (what): Route => ({
      method: "POST",
      path: `/operator/enterprises/:id/${what}`,
      access: OPERATOR,
      handle: (req) => {
        const id = req.params.id ?? "";
        return refusalShown(
          req,
          () => {
            (what === "suspend" ? suspendEnterprise : resumeEnterprise)(req.app, me(req), id, req.body.reason);
            return enterprisePage(req, id, { notice: req.t(`platform.op.enterprises.done_${what}`) });
          },
          (error, status) => enterprisePage(req, id, { error }, status),
        );
      },
    }),
  ),
  { method: "GET", path: "/operator/audit", access: OPERATOR, handle: (req) => page(h(OperatorAuditPage, { ...base(req), ...operatorAuditPage(req.app.db, { page: pageNo(req) }) })) },
  {
    method: "GET",
    path: "/operator/settings",
    access: OPERATOR,
    handle: (req) => page(h(PlatformSettingsPage, { ...base(req), settings: platformSettings(req.app.db), smtp: smtpConfigured(req.app.db) })),
  },
  {
    method: "POST",
    path: "/operator/settings",
    access: OPERATOR,
    handle: (req) => {
      const changed = savePlatformSettings(req.app.db, { signupOpen: req.body.signupOpen === "1", emailConfirmation: req.body.emailConfirmation === "1" });
      if (Object.keys(changed).length) operatorAudit(req.app.db, me(req), "platform.settings_updated", { type: "settings", id: "platform" }, changed);
      return page(h(PlatformSettingsPage, { ...base(req), settings: platformSettings(req.app.db), smtp: smtpConfigured(req.app.db), notice: req.t("platform.op.settings.saved") }));
    },
  },
];
