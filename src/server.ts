// Builds the web application: every area's routes behind the one guard, static files, sockets;
// every response leaves through finish() (security headers, compression).
import { Elysia } from "elysia";
import { sql } from "drizzle-orm";
import { accountRoutes } from "./accounts/routes";
import { teamRoutes } from "./accounts/team-routes";
import { chatRoutes } from "./chat/routes";
import { chatSockets, SOCKET_OPTIONS } from "./chat/sockets";
import { siteRoutes } from "./sites/routes";
import { workspaceRoutes } from "./workspace/routes";
import { leadRoutes } from "./leads/routes";
import { visitorRoutes } from "./visitors/routes";
import { historyRoutes } from "./history/routes";
import { routingRoutes } from "./routing/routes";
import { settingsRoutes } from "./settings/routes";
import { robotRoutes } from "./robot/routes";
import { styleRoutes } from "./sites/style-routes";
import { fileRoutes } from "./files/routes";
import { visitorFormRoutes } from "./chat/visitor-routes";
import { platformRoutes } from "./platform/routes";
import { billingRoutes } from "./billing/routes";
import { serviceRoutes } from "./billing/service/routes";
import { apiRoutes } from "./api/routes";
import { opsRoutes } from "./ops/routes";
import { customerRoutes } from "./customers/routes";
import { quickReplyRoutes } from "./quick-replies/routes";
import { webhookRoutes } from "./webhooks/routes";
import { reportRoutes } from "./reports/routes";
import { startReportRecording } from "./reports/record";
import { OnlineSampler, onlineSamplerOf } from "./reports/online";
import { emailRoutes } from "./email/routes";
import { startEmail } from "./email/service";
import { mailSenderOf } from "./email/outbox";
import { startWebhooks, webhooksOf } from "./webhooks/service";
import { moderationRoutes } from "./moderation/routes";
import { blockingRoutes } from "./blocking/routes";
import { hoursRoutes } from "./hours/routes";
import { pushRoutes } from "./push/routes";
import { installPush } from "./push/notifier";
import type { AppContext } from "./http/app-context";
import { buildReq, failure, runRoute } from "./http/guard";
import { json } from "./http/respond";
import { DEFAULT_MAX_BODY } from "./http/body";
import { requestOrigin } from "./http/client-address";
import { compressed } from "./http/compress";
import { withSecurityHeaders } from "./http/security-headers";
import { staticFile } from "./http/static";
import { searchIndexFor } from "./history/search-index";
import type { Route } from "./http/route";
import { VERSION } from "./version";
import { log } from "./log";

/** The route table: every HTTP route of the application, each with its declared access. */
export const routes: Route[] = [...accountRoutes, ...teamRoutes, ...siteRoutes, ...chatRoutes, ...workspaceRoutes, ...leadRoutes, ...visitorRoutes, ...historyRoutes, ...routingRoutes, ...settingsRoutes, ...robotRoutes, ...styleRoutes, ...fileRoutes, ...visitorFormRoutes, ...apiRoutes, ...opsRoutes, ...pushRoutes, ...platformRoutes, ...billingRoutes, ...serviceRoutes, ...moderationRoutes, ...blockingRoutes, ...hoursRoutes, ...webhookRoutes, ...reportRoutes, ...emailRoutes, ...customerRoutes, ...quickReplyRoutes];

/** What every response gets on its way out: the security headers, and compression when the client accepts it. */
function finish(app: AppContext, request: Request, ip: string, res: Response): Promise<Response> {
  const https = requestOrigin(app.config.publicUrl, app.config.trustedProxies, request, ip).startsWith("https:");
  return compressed(request, withSecurityHeaders(res, https));
}

/** Stops what buildServer started in the background (webhooks, online-time sampling, mail): before the database closes. */
export function stopBackgroundJobs(app: Pick<AppContext, "db">): void {
  webhooksOf(app.db)?.stop();
  onlineSamplerOf(app.db)?.stop();
  mailSenderOf(app.db)?.stop();
}

export function buildServer(app: AppContext) {
  // Each route's limit is enforced in src/http/body.ts. Bun's own cap is only a backstop, set well
  // above the largest route's so that an over-limit request still gets our 413 with its message
  // (Content-Length is checked before a byte is read, and an unread body is not buffered), yet far
  // below Bun's default of 128 MiB.
  const maxRequestBodySize = 4 * Math.max(DEFAULT_MAX_BODY, ...routes.map((r) => r.maxBody ?? 0));
  const server = new Elysia({ websocket: SOCKET_OPTIONS, serve: { maxRequestBodySize } })
    .onError(({ code, error, request, server: s }) => {
      const ip = s?.requestIP(request)?.address ?? "";
      const req = buildReq(app, { request, ip });
      if (code === "NOT_FOUND") return finish(app, request, ip, failure(req, {}, 404, "not_found"));
      if (code === "PARSE" || code === "VALIDATION") return finish(app, request, ip, failure(req, {}, 400, "bad_request", { reason: String((error as Error)?.message ?? code).slice(0, 200) }));
      log.error("unhandled request error", { method: request.method, path: new URL(request.url).pathname, error });
      return finish(app, request, ip, failure(req, {}, 500, "internal"));
    })
    .get("/healthz", ({ request, server: s }) => {
      app.db.get(sql`select 1`);
      return finish(app, request, s?.requestIP(request)?.address ?? "", json({ status: "ok", version: VERSION, uptimeMs: Date.now() - app.startedAt, checkpoints: app.checkpoints?.mode ?? "inline" }));
    })
    .get("/static/*", async ({ request, params, server: s }) => {
      const ip = s?.requestIP(request)?.address ?? "";
      const res = await staticFile(request, params["*"] ?? "");
      return finish(app, request, ip, res ?? failure(buildReq(app, { request, ip }), {}, 404, "not_found"));
    })
    .use(chatSockets(app));

  // Bodies are not parsed by Elysia (parse: "none"): the guard reads each within its route's limit.
  for (const route of routes) {
    server.route(
      route.method,
      route.path,
      async ({ request, params, query, server: s }: any) => {
        const ip = s?.requestIP(request)?.address ?? "";
        return finish(app, request, ip, await runRoute(route, buildReq(app, { request, params, query, ip })));
      },
      { parse: "none" },
    );
  }
  // Messages the search index has not read yet (after an upgrade or an import) are indexed from the
  // start, in the background, rather than on the first search.
  void searchIndexFor(app.db).background();
  // Web Push: the VAPID keys are made at first start; agents with no tab on screen are alerted.
  installPush(app);
  // The webhook outbox is written from now on and sent in the background (src/webhooks).
  startWebhooks(app.db, app.config);
  // Report aggregates are kept from now on as events happen (src/reports).
  startReportRecording(app.db);
  new OnlineSampler(app.db, app.chat).start();
  // Mail: notices queued with their events, sent from the outbox in the background (src/email).
  startEmail(app.db, app.config);
  return server;
}
