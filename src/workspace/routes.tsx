// The agent workspace page: server-rendered, then driven live by its browser client over /ws/agent.
import { Layout } from "../../views/layout";
import { WorkspacePage } from "./app/workspace-page";
import { WORKSPACE_BOOT_ID, type WorkspaceBoot } from "./app/boot";
import { enterprises } from "../db/schema";
import { eq } from "drizzle-orm";
import { areaStrings } from "../i18n";
import { systemLineStrings } from "../chat/system-lines";
import { page } from "../http/respond";
import type { Route } from "../http/route";

/** JSON inside <script> must not be able to close the tag. */
const scriptJson = (data: unknown) => JSON.stringify(data).replace(/</g, "\\u003c");

export const workspaceRoutes: Route[] = [
  {
    method: "GET",
    path: "/workspace",
    access: { module: "workspace" },
    handle: (req) => {
      const user = req.user!;
      const enterprise = req.app.db.select().from(enterprises).where(eq(enterprises.id, user.enterpriseId)).get();
      const boot: WorkspaceBoot = {
        locale: req.locale,
        // The system lines of conversations too: an agent reads them in their language, not the visitor's.
        strings: { ...areaStrings(req.locale, "workspace"), ...systemLineStrings(req.locale) },
        agent: { id: user.id, name: user.name, email: user.email, status: user.status },
        enterpriseName: enterprise?.name ?? "",
        socketPath: "/ws/agent",
        csrfToken: req.csrfToken,
      };
      return page(
        <Layout
          t={req.t}
          locale={req.locale}
          title={req.t("common.nav.workspace")}
          user={user}
          csrfToken={req.csrfToken}
          path="/workspace"
          styles={["/static/css/workspace.css"]}
          scripts={[{ src: "/static/build/workspace.js", module: true }]}
        >
          <WorkspacePage {...boot} t={req.t} />
          <script type="application/json" id={WORKSPACE_BOOT_ID} dangerouslySetInnerHTML={{ __html: scriptJson(boot) }} />
        </Layout>,
      );
    },
  },
];
