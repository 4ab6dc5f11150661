// The server's entry to the workspace: the markup inside the layout. The browser client
// (src/workspace/app/main.tsx) hydrates #workspace-root from the same boot data.
import type { WorkspaceBoot } from "./boot";
import { WORKSPACE_ROOT_ID } from "./boot";
import { initialWorkspaceState, noActions } from "./model";
import { workspaceTranslator, type WorkspaceTranslate } from "./translate";
import { Workspace } from "./workspace";

export type { WorkspaceBoot } from "./boot";

export function WorkspacePage(props: WorkspaceBoot & { t: WorkspaceTranslate }) {
  const t = workspaceTranslator(props.strings, props.t);
  return (
    <div id={WORKSPACE_ROOT_ID} class="ws-root" lang={props.locale}>
      <Workspace state={initialWorkspaceState(props)} t={t} actions={noActions} />
    </div>
  );
}
