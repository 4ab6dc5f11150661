// The routing rules on plain data: no database, sockets or clock.
import { describe, expect, test } from "bun:test";
import { queuePositions } from "../../common/queue-positions";
import { decideAssignment, estimatedWaitSeconds, graceExpired, planDrain, type AgentState, type Waiting } from "../../src/routing/decide";

const agent = (id: string, over: Partial<AgentState> = {}): AgentState => ({ id, available: true, open: 0, cap: 5, lastAssignedAt: 0, groupIds: [], ...over });
const waiting = (conversationId: string, siteId = "s1", over: Partial<Waiting> = {}): Waiting => ({ conversationId, siteId, queuedAt: 0, groupId: null, ...over });

describe("decideAssignment", () => {
  test("nobody available: queue", () => {
    expect(decideAssignment([], [])).toEqual({ kind: "queue" });
    expect(decideAssignment([agent("a", { available: false })], [])).toEqual({ kind: "queue" });
  });

  test("caps: an agent at their cap gets nothing; when all are full, queue", () => {
    expect(decideAssignment([agent("a", { open: 5 }), agent("b", { open: 2, cap: 2 })], [])).toEqual({ kind: "queue" });
    expect(decideAssignment([agent("a", { open: 1, cap: 1 }), agent("b", { open: 4 })], [])).toEqual({ kind: "assign", agentId: "b" });
  });

  test("least busy wins; ties go to the one idle longest, then by id", () => {
    expect(decideAssignment([agent("a", { open: 3 }), agent("b", { open: 1, lastAssignedAt: 50 }), agent("c", { open: 2 })], [])).toEqual({ kind: "assign", agentId: "b" });
    expect(decideAssignment([agent("a", { open: 1, lastAssignedAt: 200 }), agent("b", { open: 1, lastAssignedAt: 100 })], [])).toEqual({ kind: "assign", agentId: "b" });
    expect(decideAssignment([agent("z"), agent("y")], [])).toEqual({ kind: "assign", agentId: "y" });
  });

  test("away or disconnected agents take no new chats", () => {
    expect(decideAssignment([agent("a", { available: false }), agent("b", { open: 4 })], [])).toEqual({ kind: "assign", agentId: "b" });
  });

  test("groups are tried in the site's order; the next group only when the first has nobody with room", () => {
    const agents = [agent("a", { groupIds: ["g1"], open: 4 }), agent("b", { groupIds: ["g2"] }), agent("c", { groupIds: ["g1"], open: 2 })];
    expect(decideAssignment(agents, ["g1", "g2"])).toEqual({ kind: "assign", agentId: "c" });
    expect(decideAssignment(agents, ["g2", "g1"])).toEqual({ kind: "assign", agentId: "b" });
    const full = [agent("a", { groupIds: ["g1"], open: 5 }), agent("b", { groupIds: ["g2"], open: 3 })];
    expect(decideAssignment(full, ["g1", "g2"])).toEqual({ kind: "assign", agentId: "b" });
    expect(decideAssignment([agent("x", { groupIds: ["g9"] })], ["g1"])).toEqual({ kind: "queue" });
  });

  test("a returning visitor goes to their previous agent when that agent has room", () => {
    const agents = [agent("a", { open: 4 }), agent("b", { open: 0 })];
    expect(decideAssignment(agents, [], { preferredAgentId: "a" })).toEqual({ kind: "assign", agentId: "a" });
    expect(decideAssignment([agent("a", { open: 5 }), agent("b")], [], { preferredAgentId: "a" })).toEqual({ kind: "assign", agentId: "b" });
    expect(decideAssignment([agent("a", { available: false }), agent("b")], [], { preferredAgentId: "a" })).toEqual({ kind: "assign", agentId: "b" });
  });

  test("transfer to a group and excluding the agent who lost it", () => {
    const agents = [agent("a", { groupIds: ["sales"] }), agent("b", { groupIds: ["support"], open: 3 })];
    expect(decideAssignment(agents, ["sales"], { groupId: "support" })).toEqual({ kind: "assign", agentId: "b" });
    expect(decideAssignment(agents, [], { exclude: "a" })).toEqual({ kind: "assign", agentId: "b" });
  });
});

describe("queue", () => {
  test("FIFO: freed room takes the oldest waiting conversations each agent may serve", () => {
    const list = [waiting("c1", "s1"), waiting("c2", "s2"), waiting("c3", "s1"), waiting("c4", "s1")];
    const groups = (site: string) => (site === "s2" ? ["g2"] : ["g1"]);
    const a = agent("a", { groupIds: ["g1"], open: 4 });
    const b = agent("b", { groupIds: ["g2"], open: 3 });
    expect(planDrain(list, [a, b], groups, () => null, 1)).toEqual([
      { conversationId: "c1", agentId: "a" },
      { conversationId: "c2", agentId: "b" },
    ]);
    // The plan counts as it goes: two free places take two, and nobody with room takes nothing.
    expect(planDrain(list, [agent("a", { groupIds: ["g1"], open: 3 })], groups, () => null, 1).map((p) => p.conversationId)).toEqual(["c1", "c3"]);
    expect(planDrain(list, [agent("c", { open: 5 })], groups, () => null, 1)).toEqual([]);
    // The decision's inputs are not changed.
    expect(a.open).toBe(4);
  });

  test("a waiting visitor whose previous agent has room goes to that agent; others go to the least busy", () => {
    const prev = agent("prev", { open: 2 });
    const other = agent("other", { open: 0 });
    const list = [waiting("c1"), waiting("c2")];
    const previous = (w: Waiting) => (w.conversationId === "c1" ? "prev" : null);
    expect(planDrain(list, [prev, other], () => [], previous, 1)).toEqual([
      { conversationId: "c1", agentId: "prev" },
      { conversationId: "c2", agentId: "other" },
    ]);
  });

  test("conversations nobody with room may serve are passed over without asking for their previous agent", () => {
    const asked: string[] = [];
    const list = [waiting("x1", "s2"), waiting("x2", "s2", { groupId: "g2" }), waiting("c1", "s1")];
    const plan = planDrain(list, [agent("a", { groupIds: ["g1"] })], (site) => (site === "s2" ? ["g2"] : ["g1"]), (w) => (asked.push(w.conversationId), null), 1);
    expect(plan).toEqual([{ conversationId: "c1", agentId: "a" }]);
    expect(asked).toEqual(["c1"]);
  });

  test("positions count per site, in order", () => {
    expect(queuePositions([waiting("a", "s1"), waiting("b", "s2"), waiting("c", "s1"), waiting("d", "s1")])).toEqual([1, 1, 2, 3]);
  });

  test("estimated wait", () => {
    expect(estimatedWaitSeconds(3, 120, 2)).toBe(180);
    expect(estimatedWaitSeconds(1, 100, 0)).toBe(100);
  });
});

describe("grace period (injected clock)", () => {
  test("expires only after the grace time has passed since the last socket closed", () => {
    expect(graceExpired(null, 10_000, 60_000)).toBe(false);
    expect(graceExpired(1_000, 60_999, 60_000)).toBe(false);
    expect(graceExpired(1_000, 61_000, 60_000)).toBe(true);
  });
});
