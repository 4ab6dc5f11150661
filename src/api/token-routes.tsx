// Admin → Team → API tokens (agents_roles: a token is a credential, like a seat with a role).
import { h } from "preact";
import { TokensPage, type TokensData } from "../../views/admin/api/tokens-page";
import { audit } from "../accounts/audit";
import { UserError } from "../errors";
import { page, redirect } from "../http/respond";
import type { Req, Route } from "../http/route";
import { createToken, getTokenView, listTokens, revokeToken, tokenGrantable, TOKEN_MODULES } from "./tokens";
import { actorOf } from "../http/request";

const TEAM = { module: "agents_roles" } as const;

/** An admin hands out only what their own role grants, within their data scope (tokens.ts tokenGrantable), and metrics. */
const grantable = (req: Req) => tokenGrantable(req.user!.grant, req.app.config.mode);

function tokensPage(req: Req, extra: Partial<TokensData> = {}, status = 200): Response {
  const now = Date.now();
  const data: TokensData = {
    t: req.t,
    locale: req.locale,
    csrfToken: req.csrfToken,
    user: req.user!,
    tokens: listTokens(req.app.db, req.user!.enterpriseId),
    grantable: grantable(req),
    now,
    ...extra,
  };
  return page(h(TokensPage, data), status);
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === "string");

/** "YYYY-MM-DD" → the end of that day (UTC); empty → never. */
function expiryOf(raw: string): number | null {
  if (!raw) return null;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(`${raw}T23:59:59Z`))) throw new UserError("token_expiry", 400);
  return Date.parse(`${raw}T23:59:59.999Z`);
}

export const tokenRoutes: Route[] = [
  { method: "GET", path: "/admin/api-tokens", access: TEAM, handle: (req) => tokensPage(req) },
  {
    method: "POST",
    path: "/admin/api-tokens",
    access: TEAM,
    handle: (req) => {
      const form = { name: typeof req.body.name === "string" ? req.body.name : "", modules: list(req.body.modules), expires: typeof req.body.expires === "string" ? req.body.expires.trim() : "" };
      try {
        const allowed = grantable(req);
        if (form.modules.some((m) => !allowed.includes(m as never) && (TOKEN_MODULES as readonly string[]).includes(m))) throw new UserError("forbidden", 403);
        const { token, info } = createToken(req.app.db, req.user!.enterpriseId, { name: form.name, modules: form.modules, expiresAt: expiryOf(form.expires), createdBy: req.user!.id });
        audit(req.app.db, actorOf(req), "api_token.created", { type: "api_token", id: info.id, name: info.name }, { modules: info.modules, expiresAt: info.expiresAt });
        return tokensPage(req, { created: { name: info.name, token } });
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        return tokensPage(req, { form, error: req.t(`common.error.${e.code}`, e.params) }, e.status);
      }
    },
  },
  {
    method: "POST",
    path: "/admin/api-tokens/:id/revoke",
    access: TEAM,
    handle: (req) => {
      // Like seats (mayGrant): a token that grants more than the person could hand out is not theirs to revoke.
      const allowed = grantable(req);
      const target = getTokenView(req.app.db, req.user!.enterpriseId, req.params.id ?? "");
      if (target && target.modules.some((m) => !allowed.includes(m))) throw new UserError("forbidden", 403);
      const gone = revokeToken(req.app.db, req.user!.enterpriseId, req.params.id ?? "");
      audit(req.app.db, actorOf(req), "api_token.revoked", { type: "api_token", id: gone.id, name: gone.name });
      return redirect("/admin/api-tokens", 303);
    },
  },
];
