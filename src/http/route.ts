// The route table's types. Every route declares who may use it; src/http/guard.ts enforces that in
// one place for pages, htmx actions, form posts and API calls alike.
import type { Member } from "../accounts/data-scope";
import type { Module } from "../../common/permissions";
import type { Session } from "../accounts/sessions";
import type { TokenPrincipal } from "../api/tokens";
import type { ApiDoc } from "../api/doc";
import type { OperatorSession } from "../platform/operator-sessions";
import type { Locale, Translate } from "../i18n";
import type { AppContext } from "./app-context";

/**
 * Who may use a route: anyone ("public"), any signed-in person ("user": their own account, sign-out),
 * whoever's role grants the function module (one of several, when a list is given), or a signed-in
 * platform operator ("operator": the console under /operator; operators are no enterprise's users).
 */
export type Access = "public" | "user" | "operator" | "metrics" | { module: Module | readonly Module[] };
export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface Req {
  app: AppContext;
  request: Request;
  url: URL;
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  body: Record<string, unknown>;
  session: Session | null;
  /** the API token of an `Authorization: Bearer` request (/api/v1/…, /metrics); its member is `user` */
  token: TokenPrincipal | null;
  /** the signed-in person with their role's grant and data scope */
  user: Member | null;
  /** a signed-in platform operator (their own cookie and sessions, src/platform/operator-sessions.ts) */
  operator: OperatorSession | null;
  locale: Locale;
  t: Translate;
  /** the client's address, for rate limits */
  ip: string;
  /** scheme://host the browser used (or the configured public URL) */
  origin: string;
  /** the token a form on this page must send back (session's, or the pre-session cookie's) */
  csrfToken: string;
  /** cookies to set on the response */
  setCookies: string[];
}

export interface Route {
  method: Method;
  path: string;
  access: Access;
  /** JSON errors instead of HTML pages */
  api?: boolean;
  /** a public endpoint other websites post to (the widget's): it reads no cookies, so it has no CSRF check */
  crossSite?: boolean;
  /** the largest request body it takes, in bytes (src/http/body.ts: DEFAULT_MAX_BODY when unset) */
  maxBody?: number;
  /**
   * Checks made before the body is read (a limit by address): a refusal thrown here (a UserError)
   * costs no read, so a client over its limit cannot make the server take its large bodies, and
   * simultaneous requests are counted before any of them waits for its body.
   */
  beforeBody?(req: Req): void;
  /** the handler reads the body itself (readLimited in src/http/body.ts, within maxBody): a payment gateway's notification, signed over its exact bytes */
  rawBody?: boolean;
  /** open to a signed-in admin who must still confirm their email (src/platform/email-confirmation.ts): sign-out, resend; every other signed-in route shows "check your mail" */
  beforeEmailConfirmed?: boolean;
  /** the REST API's description of the route, from which /api/v1/openapi.json is generated */
  doc?: ApiDoc;
  handle(req: Req): Response | Promise<Response>;
}
