// Platform mode's routes, for the route table in src/server.ts.
import type { Route } from "../http/route";
import { enterpriseRoutes } from "./enterprise-routes";
import { operatorRoutes } from "./operator-routes";

export const platformRoutes: Route[] = [...enterpriseRoutes, ...operatorRoutes];
