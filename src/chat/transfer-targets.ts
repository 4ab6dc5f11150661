// Who a conversation can be transferred to, for the workspace's transfer dialog: the enterprise's
// other active seats with their status and load, and its groups with how many members are available.
import type { TransferTargets } from "../../common/transfer-targets";
import type { Member } from "../accounts/data-scope";
import { listUsers } from "../accounts/users";
import type { Db } from "../db/client";
import { listGroups } from "../routing/groups";
import type { ConversationFlow } from "./conversation-flow";
import type { Presence } from "./presence";
import type { ConversationStore } from "./conversations";

/** Available agents first, then by name. */
export function transferTargets(db: Db, presence: Presence, conversations: ConversationStore, flow: ConversationFlow, me: Member): TransferTargets {
  const eid = me.enterpriseId;
  const open = conversations.openCounts(eid);
  const agents = listUsers(db, eid)
    .filter((u) => u.seatState === "active" && u.id !== me.id)
    .map((u) => ({ id: u.id, name: u.name, status: presence.isAgentConnected(u.id) ? presence.status(u.id) : ("offline" as const), open: open.get(u.id) ?? 0, cap: u.cap }))
    .sort((a, b) => Number(b.status === "online") - Number(a.status === "online") || a.name.localeCompare(b.name));
  const groups = listGroups(db, eid).map((g) => ({ id: g.id, name: g.name, available: flow.availableMembers(eid, g.id).length }));
  return { agents, groups };
}
