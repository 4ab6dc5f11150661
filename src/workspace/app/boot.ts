// What the server hands the workspace page: rendered into the markup by WorkspacePage and embedded
// as JSON (<script type="application/json" id="parley-boot">) for the browser client to start from.
import type { AgentStatus } from "../../../common/protocol";

export interface WorkspaceBoot {
  locale: "zh-CN" | "en";
  /** the workspace.* catalogue of `locale`, keys without the "workspace." prefix */
  strings: Record<string, string>;
  agent: { id: string; name: string; email: string; status: AgentStatus };
  enterpriseName: string;
  socketPath: "/ws/agent";
  csrfToken: string;
}

/** The id of the element the page renders into and the client hydrates. */
export const WORKSPACE_ROOT_ID = "workspace-root";
/** The id of the JSON script element that carries the boot object. */
export const WORKSPACE_BOOT_ID = "parley-boot";
