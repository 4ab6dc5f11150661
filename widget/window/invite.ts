// An agent's invitation to chat (from the beacon, src/visitors) shown as their first bubble. It is
// shown locally and not stored: the visitor's reply starts the conversation as usual (docs/leads.md).
import type { WidgetContext } from "../shared/context";
import type { Item } from "./bubbles";

/** Takes the context's pending invitation (each is shown once) and adds it to the list. */
export function withInvite(items: Item[], ctx: WidgetContext): Item[] {
  const invite = ctx.invite;
  if (!invite) return items;
  ctx.invite = null;
  return [...items, { key: `invite-${Date.now()}`, from: "agent", text: invite.greeting, at: Date.now(), authorName: invite.agentName }];
}
