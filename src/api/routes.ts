// The API area's routes: the token admin page, the REST API v1 and its reference, the metrics scrape.
import type { Route } from "../http/route";
import { tokenRoutes } from "./token-routes";

export const apiRoutes: Route[] = [...tokenRoutes];
