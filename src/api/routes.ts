// The API area's routes: the token admin page, the REST API v1, its OpenAPI document and reference
// page. Every /api/v1 route of the application is in this list (test/integration/api.test.ts checks
// the route table for strays), so the document generated from it lists them all.
import { h } from "preact";
import { ReferencePage, type ReferenceOperation } from "../../views/api/reference-page";
import { json, page } from "../http/respond";
import type { Route } from "../http/route";
import { V1 } from "./common";
import { conversationRoutes } from "./conversations";
import { modulesOf, openApiDocument, openApiPath } from "./openapi";
import { resourceRoutes } from "./resources";
import { customerApiRoutes } from "./customers";
import { tokenRoutes } from "./token-routes";

const restRoutes: Route[] = [...conversationRoutes, ...resourceRoutes, ...customerApiRoutes];

function operations(): ReferenceOperation[] {
  return restRoutes
    .filter((r) => r.doc)
    .map((r) => {
      const d = r.doc!;
      const pathParams = [...r.path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1]!, in: "path", required: true, description: d.path?.[m[1]!]?.description ?? m[1]! }));
      const query = Object.entries(d.query ?? {}).map(([name, q]) => ({ name, in: "query", required: !!q.required, description: q.description }));
      return {
        method: r.method,
        path: openApiPath(r.path),
        operationId: d.operationId,
        tag: d.tag,
        summary: d.summary,
        description: d.description,
        modules: modulesOf(r),
        params: [...pathParams, ...query],
        body: d.body ? JSON.stringify(d.body, null, 2) : undefined,
        status: String(d.status ?? 200),
        response: JSON.stringify(d.response, null, 2),
      };
    });
}

const docRoutes: Route[] = [
  {
    method: "GET",
    path: `${V1}/openapi.json`,
    access: "public",
    api: true,
    handle: (req) => json(openApiDocument(restRoutes, `${req.origin}`)),
  },
  {
    method: "GET",
    path: `${V1}/docs`,
    access: "public",
    handle: (req) => {
      const ops = operations();
      return page(h(ReferencePage, { t: req.t, locale: req.locale, user: req.user, operations: ops, tags: [...new Set(ops.map((o) => o.tag))] }));
    },
  },
];

export const apiRoutes: Route[] = [...tokenRoutes, ...restRoutes, ...docRoutes];
