// Sign-in, sign-out, first-run set-up and the language switch.
import { h } from "preact";
import { AccountPage } from "../../views/account";
import { LoginPage } from "../../views/login";
import { SetupPage } from "../../views/setup";
import { UserError } from "../errors";
import { LOCALES, type Locale } from "../i18n";
import { cookie, readCookie } from "../http/cookies";
import { LANG_COOKIE } from "../http/guard";
import { page, redirect, safeLocalPath } from "../http/respond";
import type { Req, Route } from "../http/route";
import { memberOf } from "./data-scope";
import { changePassword } from "./password-change";
import { burnPasswordCheck, MAX_PASSWORD_LENGTH, verifyPassword } from "./passwords";
import { homeFor } from "../../common/permissions";
import { checkSecondFactor, confirmEnrolment, disableSecondFactor, PENDING_COOKIE, PENDING_MINUTES, pendingSignIn, readPendingSignIn, secondFactorEnabled, secondFactorState, startEnrolment } from "./second-factor";
import { createSession, deleteSession, SESSION_COOKIE } from "./sessions";
import { signInRefusal } from "../platform/plan";
import { initCompany, isInitialised } from "./setup";
import { otpauthUri } from "./totp";
import { findUserByEmail, getUserById, MAX_EMAIL_LENGTH, normaliseEmail, setTheme, type User } from "./users";
import { devicesOf } from "../push/subscriptions";
import { deviceText } from "../../common/device";
import { str } from "../http/request";

const secure = (req: Req) => req.origin.startsWith("https:");

/** Starts a session; without a requested page, the person lands on the first thing their role grants. */
function signIn(req: Req, user: User, next: unknown): Response {
  // An enterprise the platform's operator suspended: nobody of it signs in (src/platform/plan.ts).
  const refusal = signInRefusal(req.app.db, user.enterpriseId);
  if (refusal) return loginPage(req, { error: req.t(`common.error.${refusal.code}`, refusal.params) }, refusal.status);
  // The response first: nothing that fails after the session exists can leave it orphaned.
  const res = redirect(safeLocalPath(next, homeFor(memberOf(req.app.db, user).grant)));
  const { cookie: value } = createSession(req.app.db, user, req.app.config.sessionDays);
  res.headers.append("set-cookie", cookie(SESSION_COOKIE, value, { secure: secure(req), maxAgeSeconds: req.app.config.sessionDays * 86400 }));
  return res;
}

function loginPage(req: Req, extra: { step?: "password" | "code"; error?: string; email?: string; notice?: string } = {}, status = 200): Response {
  const signup = req.app.config.mode === "platform"; // firms register themselves there (docs/platform.md)
  return page(h(LoginPage, { t: req.t, locale: req.locale, csrfToken: req.csrfToken, next: safeLocalPath(req.query.next ?? req.body.next, ""), signup, ...extra }), status);
}

function rateLimited(res: Response, wait: number): Response {
  res.headers.set("retry-after", String(wait));
  return res;
}

function loginCodePage(req: Req, extra: { error?: string } = {}, status = 200): Response {
  return loginPage(req, { step: "code", ...extra }, status);
}

/** The user whose password was right and who still owes their second factor. */
function pendingUser(req: Req): User | undefined {
  const db = req.app.db;
  const id = readPendingSignIn(db, readCookie(req.request, PENDING_COOKIE), (userId) => getUserById(db, userId)?.passwordChangedAt);
  const user = id ? getUserById(db, id) : undefined;
  return user?.seatState === "active" ? user : undefined;
}

function accountPage(req: Req, extra: { error?: string; notice?: string; recoveryCodes?: string[] } = {}, status = 200): Response {
  const user = req.user!;
  const factor = secondFactorState(req.app.db, user);
  const enrolment = factor.state === "pending" ? { secret: factor.secret, uri: otpauthUri(factor.secret, user.email, "Parley") } : undefined;
  return page(h(AccountPage, { t: req.t, locale: req.locale, user, csrfToken: req.csrfToken, secondFactor: factor.state, recoveryLeft: factor.state === "on" ? factor.recoveryLeft : 0, enrolment, devices: devicesOf(req.app.db, user).map((d) => ({ ...d, label: deviceText(d.label, (w) => req.t(`workspace.device.${w}`)) })), ...extra }), status);
}

/** Runs an account action; a refused one re-renders the page with its message. */
async function accountAction(req: Req, action: () => Promise<Response> | Response): Promise<Response> {
  try {
    return await action();
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    return accountPage(req, { error: req.t(`common.error.${e.code}`, e.params) }, e.status);
  }
}

/**
 * Runs an account action that checks the person's current password. A stolen session could guess
 * it, so the check is limited like a sign-in: counted before it runs, given back unless the
 * password was wrong.
 */
async function withPasswordCheck(req: Req, action: () => Promise<Response>): Promise<Response> {
  const counted = req.app.loginLimiter.attempt(req.ip, `current-password:${req.user!.id}`);
  if (!("attempt" in counted)) throw new UserError("rate_limited", 429, { seconds: counted.wait });
  try {
    const res = await action();
    req.app.loginLimiter.succeed(counted.attempt);
    return res;
  } catch (e) {
    if (!(e instanceof UserError && e.code === "wrong_password")) req.app.loginLimiter.succeed(counted.attempt);
    throw e;
  }
}

export const accountRoutes: Route[] = [
  {
    method: "GET",
    path: "/",
    access: "public",
    handle: (req) => redirect(!isInitialised(req.app.db) && req.app.config.mode === "company" ? "/setup" : req.user ? homeFor(req.user.grant) : "/login", 302),
  },
  {
    method: "GET",
    path: "/login",
    access: "public",
    handle: (req) => {
      if (!isInitialised(req.app.db) && req.app.config.mode === "company") return redirect("/setup", 302);
      if (req.user) return redirect(safeLocalPath(req.query.next, homeFor(req.user.grant)), 302);
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
      // Lengths first: nothing longer than an email or a password can be is looked up, hashed or remembered.
      const tooLong = rawEmail.length > MAX_EMAIL_LENGTH ? "invalid_email" : password.length > MAX_PASSWORD_LENGTH ? "password_too_long" : null;
      if (tooLong) return loginPage(req, { error: req.t(`common.error.${tooLong}`), email: rawEmail.slice(0, MAX_EMAIL_LENGTH) }, 400);
      const key = rawEmail.trim().toLowerCase();
      const counted = req.app.loginLimiter.attempt(req.ip, key);
      if (!("attempt" in counted)) return rateLimited(loginPage(req, { error: req.t("common.error.rate_limited", { seconds: counted.wait }), email: rawEmail }, 429), counted.wait);
      let user;
      try {
        user = findUserByEmail(req.app.db, normaliseEmail(rawEmail));
      } catch {
        user = undefined;
      }
      // Every seat with a password has it checked; unknown emails and invited seats (no password
      // yet) burn the same time, so that neither the answer nor its timing tells whose email it is.
      const ok = user?.passwordHash ? await verifyPassword(password, user.passwordHash) : (await burnPasswordCheck(password), false);
      if (!ok || !user) return loginPage(req, { error: req.t("common.login.failed"), email: rawEmail }, 401);
      req.app.loginLimiter.succeed(counted.attempt);
      // The password was right: only now may the person learn why they cannot come in.
      if (user.seatState !== "active") return loginPage(req, { error: req.t(user.seatState === "disabled" ? "common.login.seat_disabled" : "common.login.seat_waiting"), email: rawEmail }, 403);
      if (secondFactorEnabled(req.app.db, user)) {
        // The password was right; the session waits for the code (a signed cookie for a few minutes).
        const next = safeLocalPath(req.body.next, "");
        const res = redirect(next ? `/login/code?next=${encodeURIComponent(next)}` : "/login/code");
        res.headers.append("set-cookie", cookie(PENDING_COOKIE, pendingSignIn(req.app.db, user), { secure: secure(req), maxAgeSeconds: PENDING_MINUTES * 60 }));
        return res;
      }
      return signIn(req, user, req.body.next);
    },
  },
  {
    method: "GET",
    path: "/login/code",
    access: "public",
    handle: (req) => (pendingUser(req) ? loginCodePage(req) : redirect("/login", 302)),
  },
  {
    method: "POST",
    path: "/login/code",
    access: "public",
    handle: async (req) => {
      const user = pendingUser(req);
      if (!user) return redirect("/login", 303);
      // Codes are guessed like passwords, so they share the sign-in limiter (keyed by the user), and
      // are counted before they are checked; also per user from every address (whoever guesses
      // holds the password already, so this lockout is no one else's to cause).
      const counted = req.app.loginLimiter.attempt(req.ip, `2fa:${user.id}`, { perSubject: true });
      if (!("attempt" in counted)) return rateLimited(loginCodePage(req, { error: req.t("common.error.rate_limited", { seconds: counted.wait }) }, 429), counted.wait);
      if (!(await checkSecondFactor(req.app.db, user, str(req.body.code).slice(0, 64)))) return loginCodePage(req, { error: req.t("common.error.wrong_code") }, 401);
      req.app.loginLimiter.succeed(counted.attempt);
      const res = signIn(req, user, req.body.next);
      res.headers.append("set-cookie", cookie(PENDING_COOKIE, "", { maxAgeSeconds: 0, secure: secure(req) }));
      return res;
    },
  },
  {
    method: "POST",
    path: "/logout",
    access: "user",
    beforeEmailConfirmed: true,
    handle: (req) => {
      deleteSession(req.app.db, req.session!.id);
      // The sockets opened with this session end with it (others of the same person stay).
      req.app.chat.closeSessionSockets(req.user!.id, req.session!.id);
      const res = redirect("/login?signed_out=1");
      res.headers.append("set-cookie", cookie(SESSION_COOKIE, "", { maxAgeSeconds: 0, secure: secure(req) }));
      return res;
    },
  },
  {
    method: "GET",
    path: "/account",
    access: "user",
    handle: (req) => accountPage(req, { notice: req.query.changed ? req.t("common.account.changed") : req.query.device === "removed" ? req.t("push.devices.removed") : undefined }),
  },
  {
    method: "POST",
    path: "/account/theme",
    access: "user",
    handle: (req) =>
      accountAction(req, () => {
        setTheme(req.app.db, req.user!.enterpriseId, req.user!.id, req.body.theme);
        return redirect("/account");
      }),
  },
  {
    method: "POST",
    path: "/account/password",
    access: "user",
    handle: (req) =>
      accountAction(req, () =>
        withPasswordCheck(req, async () => {
          await changePassword(req.app.db, req.user!, str(req.body.current), str(req.body.password));
          // Every session ended, so every socket opened with one ends too.
          req.app.chat.closeSessionSockets(req.user!.id, undefined, "password changed");
          // Every session ended with the change; this browser signs in again at once with the new password.
          return signIn(req, req.user!, "/account?changed=1");
        }),
      ),
  },
  {
    method: "POST",
    path: "/account/totp/start",
    access: "user",
    handle: (req) =>
      accountAction(req, () => {
        startEnrolment(req.app.db, req.user!);
        return accountPage(req);
      }),
  },
  {
    method: "POST",
    path: "/account/totp/confirm",
    access: "user",
    handle: (req) =>
      accountAction(req, async () => {
        const recoveryCodes = await confirmEnrolment(req.app.db, req.user!, str(req.body.code));
        return accountPage(req, { notice: req.t("team.totp.enabled"), recoveryCodes });
      }),
  },
  {
    method: "POST",
    path: "/account/totp/disable",
    access: "user",
    handle: (req) =>
      accountAction(req, () =>
        withPasswordCheck(req, async () => {
          await disableSecondFactor(req.app.db, req.user!, str(req.body.password));
          return accountPage(req, { notice: req.t("team.totp.disabled") });
        }),
      ),
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
