// Whether the live connection is up; agents must know when they might be missing chats.
import type { ConnectionView } from "./model";
import type { WorkspaceTranslate } from "./translate";

export function ConnectionIndicator(props: { connection: ConnectionView; t: WorkspaceTranslate }) {
  return (
    <span class={`ws-conn ws-conn--${props.connection}`} data-testid="connection-state" data-state={props.connection} role="status">
      <span class="ws-conn__dot" aria-hidden="true" />
      {props.t(`connection.${props.connection}`)}
    </span>
  );
}
