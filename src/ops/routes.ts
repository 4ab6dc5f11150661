// GET /metrics (src/ops/metrics.ts): its access, "metrics", is the guard's (a token with the metrics
// module, or an address on the --metrics-allow list).
import type { Route } from "../http/route";
import { renderMetrics } from "./metrics";

export const opsRoutes: Route[] = [
  {
    method: "GET",
    path: "/metrics",
    access: "metrics",
    api: true,
    handle: (req) => new Response(renderMetrics(req.app), { headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8", "cache-control": "no-store" } }),
  },
];
