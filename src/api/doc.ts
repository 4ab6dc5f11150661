// The REST API's self-description. Each /api/v1 route carries an ApiDoc in its Route entry
// (src/http/route.ts); src/api/openapi.ts turns the route table into the OpenAPI 3.1 document, so
// the routes are never written twice.

/** A JSON Schema (2020-12, as OpenAPI 3.1 uses it). */
export type Schema = Record<string, unknown>;

export interface ParamDoc {
  description: string;
  schema: Schema;
  required?: boolean;
}

export interface ApiDoc {
  /** unique across the API: the name a generated client gives the call */
  operationId: string;
  summary: string;
  /** the resource it belongs to, for grouping */
  tag: string;
  description?: string;
  /** query parameters (path parameters are taken from the path and described here when given) */
  query?: Record<string, ParamDoc>;
  path?: Record<string, ParamDoc>;
  /** the JSON request body */
  body?: Schema;
  /** the success status (200 unless given) and its JSON body */
  status?: number;
  response: Schema;
}
