// The one enforcement point for every route: who is asking (session cookie), may they (the route's
// declared access), the body read within the route's limit (src/http/body.ts), is a state-changing
// request genuine (CSRF), and how failures are answered.
import { h } from "preact";
import { findSession, SESSION_COOKIE } from "../accounts/sessions";
import { findOperatorSession, OPERATOR_COOKIE } from "../platform/operator-sessions";
import { randomToken } from "../db/ids";
import { UserError, type ErrorDetail } from "../errors";
import { resolveLocale, t, translator } from "../i18n";
import { ErrorPage } from "../../views/error-page";
import type { AppContext } from "./app-context";
import { clientAddress, requestOrigin } from "./client-address";
import { cookie, readCookie } from "./cookies";
import { CORS, json, page, redirect } from "./respond";
import { isHtmx } from "./request";
import { widgetLocale } from "./widget-request";
import { DEFAULT_MAX_BODY, readBody } from "./body";
import type { Member } from "../accounts/data-scope";
import { grants } from "../../common/permissions";
import { signInRefusal } from "../platform/plan";
import { mustConfirmEmail } from "../platform/email-confirmation";
import { CheckMailPage } from "../../views/platform/confirm-email-page";
import { bearerOf, findToken, takesBearer, tokenLimiter } from "../api/tokens";
import { metricsAccess } from "../ops/metrics";
import { log } from "../log";
import type { Access, Req, Route } from "./route";

export const CSRF_COOKIE = "parley_csrf";
export const LANG_COOKIE = "parley_lang";
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export interface RawRequest {
  request: Request;
  params?: Record<string, string>;
  query?: Record<string, string | undefined>;
  body?: unknown;
  ip: string;
}

export function buildReq(app: AppContext, raw: RawRequest): Req {
  const { request } = raw;
  const url = new URL(request.url);
  // An API request with `Authorization: Bearer` is its token's, and never a cookie's.
  const bearer = takesBearer(url.pathname) ? bearerOf(request) : undefined;
  const token = bearer === undefined ? null : findToken(app.db, bearer);
  const session = bearer === undefined ? findSession(app.db, readCookie(request, SESSION_COOKIE)) : null;
  const operator = findOperatorSession(app.db, readCookie(request, OPERATOR_COOKIE));
  const locale = resolveLocale(url.searchParams.get("lang") ?? readCookie(request, LANG_COOKIE), request.headers.get("accept-language"));
  const setCookies: string[] = [];
  const sessionToken = session?.csrfToken ?? operator?.csrfToken ?? readCookie(request, CSRF_COOKIE);
  let issued: string | null = null;
  return {
    app,
    request,
    url,
    params: raw.params ?? {},
    query: raw.query ?? Object.fromEntries(url.searchParams),
    body: raw.body && typeof raw.body === "object" && !Array.isArray(raw.body) ? (raw.body as Record<string, unknown>) : {},
    session,
    token,
    user: session?.user ?? token?.member ?? null,
    operator,
    locale,
    t: translator(locale),
    ip: clientAddress(app.config.trustedProxies, request.headers, raw.ip),
    origin: requestOrigin(app.config.publicUrl, app.config.trustedProxies, request, raw.ip),
    // Before sign-in, forms are protected by a double-submit token kept in a cookie. It is issued
    // only when a page actually renders a form, so public endpoints (the widget) set no cookies.
    get csrfToken() {
      if (sessionToken) return sessionToken;
      if (!issued) {
        issued = randomToken(24);
        setCookies.push(cookie(CSRF_COOKIE, issued, { secure: url.protocol === "https:" }));
      }
      return issued;
    },
    setCookies,
  };
}

/** Is the request's claimed origin ours, and does it carry the right token? */
function csrfProblem(req: Req): string | null {
  const origin = req.request.headers.get("origin");
  if (origin && origin !== req.origin && origin !== new URL(req.request.url).origin) return "csrf_origin";
  const given = req.request.headers.get("x-csrf-token") ?? (typeof req.body._csrf === "string" ? req.body._csrf : "");
  const expected = req.session?.csrfToken ?? req.operator?.csrfToken ?? readCookie(req.request, CSRF_COOKIE);
  if (!expected || !given || given.length !== expected.length) return "csrf_token";
  return crypto.timingSafeEqual(Buffer.from(given), Buffer.from(expected)) ? null : "csrf_token";
}

export function failure(req: Req, route: Pick<Route, "api" | "crossSite">, status: number, code: string, params: Record<string, string | number> = {}, detail: ErrorDetail = {}): Response {
  const key = detail.messageKey ?? `common.error.${code}`;
  const extra = detail.fields ? { fields: detail.fields } : {};
  // Another website's page (the widget) reads why in its visitor's language (the form's or query's
  // lang); runRoute adds the CORS headers that let it read the answer at all.
  // A rate limit says when to come back (Retry-After), on every route.
  const retry: Record<string, string> = code === "rate_limited" && params.seconds !== undefined ? { "retry-after": String(params.seconds) } : {};
  if (route.crossSite) {
    return json({ error: { code, message: t(widgetLocale(req), key, params), ...extra } }, status, { ...CORS, ...retry });
  }
  const message = req.t(key, params);
  if (route.api || req.url.pathname.startsWith("/api/") || isHtmx(req))
    return json({ error: { code, message, ...extra } }, status, route.api ? retry : { ...retry, "content-type": "application/json; charset=utf-8" });
  return page(h(ErrorPage, { t: req.t, locale: req.locale, status, message, user: req.user, csrfToken: req.user ? req.csrfToken : undefined }), status);
}

/** What a signed-up admin who must still confirm their email gets instead of a signed-in route. */
function unconfirmed(req: Req, route: Route): Response {
  if (route.api || req.url.pathname.startsWith("/api/") || isHtmx(req)) return failure(req, route, 403, "email_unconfirmed");
  return page(h(CheckMailPage, { t: req.t, locale: req.locale, csrfToken: req.csrfToken, email: req.user!.email }), 403);
}

function withCookies(res: Response, cookies: string[]): Response {
  for (const c of cookies) res.headers.append("set-cookie", c);
  return res;
}

/**
 * The permission rule, for routes and sockets alike: "public" is anyone; "user" any signed-in person;
 * a module, whoever's role grants it; "operator" a signed-in platform operator and no enterprise user.
 * Anything else (an access this code does not know) is refused.
 */
export function mayUse(user: Pick<Member, "grant"> | null, access: Access, operator: unknown = null): "ok" | "sign_in" | "forbidden" {
  if (access === "public") return "ok";
  if (access === "operator") return operator ? "ok" : user ? "forbidden" : "sign_in";
  if (!user) return "sign_in";
  if (access === "user") return "ok";
  if (typeof access !== "object" || access === null) return "forbidden";
  const wanted = Array.isArray(access.module) ? access.module : [access.module];
  return wanted.some((m) => grants(user.grant, m)) ? "ok" : "forbidden";
}

export async function runRoute(route: Route, req: Req): Promise<Response> {
  const res = await answer(route, req);
  // A cross-site route (the widget's) is readable from any website, whatever it answered.
  if (route.crossSite) for (const [k, v] of Object.entries(CORS)) res.headers.set(k, v);
  return res;
}

async function answer(route: Route, req: Req): Promise<Response> {
  try {
    const verdict = route.access === "metrics" ? metricsAccess(req) : mayUse(req.user, route.access, req.operator);
    if (verdict === "sign_in") {
      if (route.api || isHtmx(req)) return failure(req, route, 401, "unauthorized");
      if (route.access === "operator") return redirect(`/operator/login?next=${encodeURIComponent(req.url.pathname + req.url.search)}`, 302);
      return redirect(`/login?next=${encodeURIComponent(req.url.pathname + req.url.search)}`, 302);
    }
    // Until the link in their mail is used, a signed-up admin sees only "check your mail" (docs/platform.md).
    const signedInRoute = route.access === "user" || typeof route.access === "object";
    if (signedInRoute && req.session && !route.beforeEmailConfirmed && mustConfirmEmail(req.app.db, req.app.config.mode, req.session.user.id)) return withCookies(unconfirmed(req, route), req.setCookies);
    if (req.token && !tokenLimiter(req.app).take(req.token.id)) return failure(req, route, 429, "rate_limited", { seconds: 1 });
    // A token signs its enterprise in on every call: a suspended enterprise's tokens are refused too.
    const suspended = req.token ? signInRefusal(req.app.db, req.token.member.enterpriseId) : null;
    if (suspended) return failure(req, route, suspended.status, suspended.code, suspended.params);
    if (verdict === "forbidden") return withCookies(failure(req, route, 403, "forbidden"), req.setCookies);
    // The body is read here, within the route's limit, only once the asker may use the route and
    // is within the limits the route counts before reading.
    route.beforeBody?.(req);
    if (route.method !== "GET" && !route.rawBody) req.body = await readBody(req.request, route.maxBody ?? DEFAULT_MAX_BODY);
    // A bearer request carries no cookie a foreign page could ride on: no CSRF check.
    if (UNSAFE.has(route.method) && !req.token && !(route.crossSite && route.access === "public")) {
      const problem = csrfProblem(req);
      if (problem) return withCookies(failure(req, route, 403, problem), req.setCookies);
    }
    return withCookies(await route.handle(req), req.setCookies);
  } catch (e) {
    if (e instanceof UserError) return withCookies(failure(req, route, e.status, e.code, e.params, e.detail), req.setCookies);
    log.error("route failed", { method: route.method, route: route.path, error: e });
    return failure(req, route, 500, "internal");
  }
}
