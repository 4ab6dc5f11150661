// Sign-in, sign-out, first-run set-up and the language switch.
import { h } from "preact";
import { AccountPage } from "../../views/account";
import { LoginPage } from "../../views/login";
import { SetupPage } from "../../views/setup";
import { UserError } from "../errors";
import { LOCALES, type Locale } from "../i18n";
import { cookie } from "../http/cookies";
import { LANG_COOKIE } from "../http/guard";
import { page, redirect, safeLocalPath } from "../http/respond";
import type { Req, Route } from "../http/route";
import { changePassword } from "./password-change";
import { burnPasswordCheck, verifyPassword } from "./passwords";
import { createSession, deleteSession, SESSION_COOKIE } from "./sessions";
import { initCompany, isInitialised } from "./setup";
import { findUserByEmail, normaliseEmail } from "./users";

const str = (v: unknown) => (typeof v === "string" ? v : "");
const secure = (req: Req) => req.origin.startsWith("https:");

function signIn(req: Req, user: Parameters<typeof createSession>[1], next: string): Response {
  const { cookie: value } = createSession(req.app.db, user, req.app.config.sessionDays);
  const res = redirect(next);
  res.headers.append("set-cookie", cookie(SESSION_COOKIE, value, { secure: secure(req), maxAgeSeconds: req.app.config.sessionDays * 86400 }));
  return res;
}

function loginPage(req: Req, extra: { error?: string; email?: string; notice?: string } = {}, status = 200): Response {
  return page(h(LoginPage, { t: req.t, locale: req.locale, csrfToken: req.csrfToken, next: safeLocalPath(req.query.next ?? req.body.next, ""), ...extra }), status);
}

export const accountRoutes: Route[] = [
  {
    method: "GET",
    path: "/",
    access: "public",
    handle: (req) => redirect(!isInitialised(req.app.db) && req.app.config.mode === "company" ? "/setup" : req.user ? "/workspace" : "/login", 302),
  },
  {
    method: "GET",
    path: "/login",
    access: "public",
    handle: (req) => {
      if (!isInitialised(req.app.db) && req.app.config.mode === "company") return redirect("/setup", 302);
      if (req.user) return redirect(safeLocalPath(req.query.next, "/workspace"), 302);
      return loginPage(req, { notice: req.query.signed_out ? req.t("common.login.signed_out") : undefined });
    },
  },
  {
    method: "POST",
    path: "/login",
    access: "public",
    handle: async (req) => {
      const rawEmail = str(req.body.email);
      const password = str(req.body.password);
      const limiter = req.app.loginLimiter;
      const key = rawEmail.trim().toLowerCase();
      const wait = limiter.retryAfter(req.ip, key);
      if (wait > 0) {
        const res = loginPage(req, { error: req.t("common.error.rate_limited", { seconds: wait }), email: rawEmail }, 429);
        res.headers.set("retry-after", String(wait));
        return res;
      }
      let user;
      try {
        user = findUserByEmail(req.app.db, normaliseEmail(rawEmail));
      } catch {
        user = undefined;
      }
      const ok = user && user.seatState === "active" ? await verifyPassword(password, user.passwordHash) : (await burnPasswordCheck(password), false);
      if (!ok || !user) {
        limiter.fail(req.ip, key);
        return loginPage(req, { error: req.t("common.login.failed"), email: rawEmail }, 401);
      }
      limiter.succeed(req.ip, key);
      return signIn(req, user, safeLocalPath(req.body.next, "/workspace"));
    },
  },
  {
    method: "POST",
    path: "/logout",
    access: "user",
    handle: (req) => {
      deleteSession(req.app.db, req.session!.id);
      const res = redirect("/login?signed_out=1");
      res.headers.append("set-cookie", cookie(SESSION_COOKIE, "", { maxAgeSeconds: 0, secure: secure(req) }));
      return res;
    },
  },
  {
    method: "GET",
    path: "/account",
    access: "user",
    handle: (req) =>
      page(h(AccountPage, { t: req.t, locale: req.locale, user: req.user!, csrfToken: req.csrfToken, notice: req.query.changed ? req.t("common.account.changed") : undefined })),
  },
  {
    method: "POST",
    path: "/account/password",
    access: "user",
    handle: async (req) => {
      try {
        await changePassword(req.app.db, req.user!, str(req.body.current), str(req.body.password));
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        return page(h(AccountPage, { t: req.t, locale: req.locale, user: req.user!, csrfToken: req.csrfToken, error: req.t(`common.error.${e.code}`) }), e.status);
      }
      // Every session ended with the change; this browser signs in again at once with the new password.
      return signIn(req, req.user!, "/account?changed=1");
    },
  },
  {
    method: "GET",
    path: "/setup",
    access: "public",
    handle: (req) => {
      if (isInitialised(req.app.db) || req.app.config.mode !== "company") return redirect("/login", 302);
      return page(h(SetupPage, { t: req.t, locale: req.locale, csrfToken: req.csrfToken }));
    },
  },
  {
    method: "POST",
    path: "/setup",
    access: "public",
    handle: async (req) => {
      if (req.app.config.mode !== "company") throw new UserError("not_found", 404);
      const values = { company: str(req.body.company), name: str(req.body.name), email: str(req.body.email) };
      try {
        const result = await initCompany(req.app.db, { company: values.company, adminName: values.name, email: values.email, password: str(req.body.password) });
        return signIn(req, findUserByEmail(req.app.db, result.adminEmail)!, "/admin/embed");
      } catch (e) {
        if (!(e instanceof UserError) || e.code === "already_initialised") throw e;
        return page(h(SetupPage, { t: req.t, locale: req.locale, csrfToken: req.csrfToken, values, error: req.t(`common.error.${e.code}`) }), e.status);
      }
    },
  },
  {
    method: "GET",
    path: "/lang/:locale",
    access: "public",
    handle: (req) => {
      const locale = req.params.locale as Locale;
      if (!LOCALES.includes(locale)) throw new UserError("not_found", 404);
      const res = redirect(safeLocalPath(req.query.back, "/"), 302);
      res.headers.append("set-cookie", cookie(LANG_COOKIE, locale, { maxAgeSeconds: 365 * 86400, httpOnly: false, secure: secure(req) }));
      return res;
    },
  },
];
