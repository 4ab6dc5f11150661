// The OpenAPI 3.1 document of the REST API, generated from the route table: each /api/v1 route's
// method, path and declared access, and the ApiDoc in its Route entry (src/api/doc.ts).
import type { Route } from "../http/route";
import { VERSION } from "../version";
import { ERROR } from "./common";
import type { ParamDoc } from "./doc";

/** "/api/v1/kb/:key" → "/api/v1/kb/{key}" */
export const openApiPath = (path: string) => path.replace(/:(\w+)/g, "{$1}");
const pathParams = (path: string) => [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!);

/** The modules a route needs, as a list (the guard's rule: any one of them). */
export function modulesOf(route: Route): string[] {
  const a = route.access;
  if (typeof a !== "object") return [];
  return Array.isArray(a.module) ? [...a.module] : [a.module as string];
}

const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });

export function openApiDocument(routes: readonly Route[], serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const doc = route.doc;
    if (!doc) continue;
    const params = [
      ...pathParams(route.path).map((name) => {
        const given: ParamDoc | undefined = doc.path?.[name];
        return { name, in: "path", required: true, description: given?.description ?? name, schema: given?.schema ?? { type: "string" } };
      }),
      ...Object.entries(doc.query ?? {}).map(([name, p]) => ({ name, in: "query", required: !!p.required, description: p.description, schema: p.schema })),
    ];
    const modules = modulesOf(route);
    const ok = String(doc.status ?? 200);
    const operation: Record<string, unknown> = {
      operationId: doc.operationId,
      summary: doc.summary,
      ...(doc.description ? { description: doc.description } : {}),
      tags: [doc.tag],
      ...(params.length ? { parameters: params } : {}),
      ...(doc.body ? { requestBody: { required: true, content: { "application/json": { schema: doc.body } } } } : {}),
      responses: {
        [ok]: { description: "OK", content: { "application/json": { schema: doc.response } } },
        ...(params.length || doc.body ? { "400": errorResponse("bad input (error.code bad_request)") } : {}),
        ...(route.access === "public"
          ? {}
          : { "401": errorResponse("no token, or an unknown, revoked or expired one"), "403": errorResponse("the token lacks the module"), "429": errorResponse("too many calls with this token") }),
        ...(pathParams(route.path).length ? { "404": errorResponse("no such record in the token's enterprise") } : {}),
      },
      ...(route.access === "public" ? { security: [] } : { "x-parley-modules": modules }),
    };
    (paths[openApiPath(route.path)] ??= {})[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Parley REST API",
      version: VERSION,
      description: "The firm's own systems read and act on Parley's conversations, messages, visitors, leads and knowledge base. Every call sends Authorization: Bearer <API token>; it sees only the token's enterprise and may use only the token's modules (x-parley-modules). See docs/api.md.",
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "an API token (Admin → Team → API tokens, or parley token add)" } },
      schemas: { Error: ERROR },
    },
    paths,
  };
}
