// Whether the live connection is up; agents must know when they might be missing chats.
import type { ConnectionView } from "./model";
import type { WorkspaceTranslate } from "./translate";

export function ConnectionIndicator(props: { connection: ConnectionView; t: WorkspaceTranslate }) {
  return (
    <span
      class={`ws-conn ws-conn--${props.connection}`}
      data-testid="connection-state"
      data-state={props.connection}
      role="status"
      title={props.t(`connection.${props.connection}`)}
    >
      <span class="ws-conn__dot" aria-hidden="true" />
      <span class="ws-conn__text">{props.t(`connection.${props.connection}`)}</span>
    </span>
  );
}
