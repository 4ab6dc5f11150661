// The route table's types. Every route declares who may use it; src/http/guard.ts enforces that in
// one place for pages, form posts and API calls alike (issue: roles will extend Access).
import type { Session } from "../accounts/sessions";
import type { User } from "../accounts/users";
import type { Locale, Translate } from "../i18n";
import type { AppContext } from "./app-context";

export type Access = "public" | "user" | "admin";
export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface Req {
  app: AppContext;
  request: Request;
  url: URL;
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  body: Record<string, unknown>;
  session: Session | null;
  user: User | null;
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
  handle(req: Req): Response | Promise<Response>;
}

/** Signed-in handlers get a user; this narrows the type once instead of at every use. */
export type UserReq = Req & { user: User; session: Session };
