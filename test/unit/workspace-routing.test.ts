// The workspace's pure rules for the queue, ending and transferring: places in line as the list
// shows them, a closed conversation's moment in the list, and the transfer dialog's states.
import { describe, expect, test } from "bun:test";
import type { ConversationSummary } from "../../common/protocol";
import * as tr from "../../src/workspace/app/transitions";
import { initialWorkspaceState, type WorkspaceState } from "../../src/workspace/app/model";
import { listedConversations, queuePlaces, totalUnread } from "../../src/workspace/app/selectors";

const ME = "usr_me";
const base = (): WorkspaceState =>
  initialWorkspaceState({ locale: "en", strings: {}, agent: { id: ME, name: "Me", email: "me@x", status: "online" }, enterpriseName: "X", socketPath: "/ws/agent", csrfToken: "t" });

function summary(id: string, over: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    id,
    siteId: "s1",
    siteName: "Shop",
    status: "open",
    closeReason: null,
    agentId: ME,
    queuePosition: null,
    agentName: "Me",
    lastSeq: 1,
    unread: 0,
    lastMessage: null,
    createdAt: 1000,
    visitor: { id: `v-${id}`, displayId: id, firstSeenAt: 0, lastSeenAt: 0, page: {}, device: "", userAgent: "", online: true },
    ...over,
  };
}

const withAll = (s: WorkspaceState, list: ConversationSummary[]) => list.reduce((x, c) => tr.conversationUpdated(x, c), s);

describe("queue places", () => {
  test("waiting conversations are numbered per site by age; served ones leave and the rest move up", () => {
    let s = withAll(base(), [
      summary("a", { agentId: null, createdAt: 3, queuePosition: 3 }),
      summary("b", { agentId: null, createdAt: 1, queuePosition: 1 }),
      summary("c", { agentId: null, createdAt: 2, queuePosition: 2 }),
      summary("d", { agentId: null, createdAt: 4, siteId: "s2", queuePosition: 1 }),
      summary("mine"),
    ]);
    expect(Object.fromEntries(queuePlaces(s))).toEqual({ b: 1, c: 2, a: 3, d: 1 });
    s = tr.conversationUpdated(s, summary("b", { agentId: "usr_other", createdAt: 1 }));
    expect(Object.fromEntries(queuePlaces(s))).toEqual({ c: 1, a: 2, d: 1 });
  });

  test("the list shows the queue first, oldest first (FIFO), then the agent's own by newest activity", () => {
    const s = withAll(base(), [
      summary("new-wait", { agentId: null, createdAt: 30, lastMessage: { from: "visitor", text: "x", at: 30 } }),
      summary("old-wait", { agentId: null, createdAt: 10, lastMessage: { from: "visitor", text: "x", at: 10 } }),
      summary("mid-wait", { agentId: null, createdAt: 20, lastMessage: { from: "visitor", text: "x", at: 25 } }),
      summary("mine-old", { createdAt: 1, lastMessage: { from: "visitor", text: "x", at: 5 } }),
      summary("mine-new", { createdAt: 2, lastMessage: { from: "visitor", text: "x", at: 40 } }),
    ]);
    expect(listedConversations(s).map((c) => c.id)).toEqual(["old-wait", "mid-wait", "new-wait", "mine-new", "mine-old"]);
  });
});

describe("the robot's conversations (supervisors only)", () => {
  test("listed for a supervisor, never as waiting, outside the queue's places and the unread total", () => {
    const supervisor = { ...base(), agent: { ...base().agent, supervises: true } };
    const s = withAll(supervisor, [summary("bot", { agentId: null, robot: true, unread: 2 }), summary("wait", { agentId: null, createdAt: 5, unread: 1 })]);
    expect(Object.fromEntries(queuePlaces(s))).toEqual({ wait: 1 });
    expect(listedConversations(s).map((c) => c.id)).toEqual(["wait", "bot"]);
    expect(totalUnread(s)).toBe(1);
    // An agent who does not supervise never lists it.
    expect(listedConversations({ ...s, agent: { ...s.agent, supervises: false } }).map((c) => c.id)).toEqual(["wait"]);
  });
});

describe("closing", () => {
  test("a closed conversation stays listed, marked closed, until its moment is over", () => {
    let s = withAll(base(), [summary("a"), summary("b")]);
    s = tr.opened(s, "b");
    s = tr.closeAsked(s, "b");
    s = tr.conversationUpdated(s, summary("a", { status: "closed", closeReason: "idle" }));
    expect(listedConversations(s).map((c) => [c.id, c.status])).toContainEqual(["a", "closed"]);
    s = tr.closedGone(s, "a");
    expect(listedConversations(s).map((c) => c.id)).toEqual(["b"]);
    // The open one closing stays on screen (and nothing is left to confirm) until another is opened.
    expect(s.confirmClose).toBe("b");
    s = tr.conversationUpdated(s, summary("b", { status: "closed", closeReason: "agent" }));
    expect(s.confirmClose).toBeNull();
    s = tr.closedGone(s, "b");
    expect(listedConversations(s).map((c) => c.id)).toEqual(["b"]);
    s = tr.opened(tr.conversationUpdated(s, summary("c")), "c");
    expect(listedConversations(s).map((c) => c.id)).toEqual(["c"]);
  });
});

describe("the transfer dialog", () => {
  test("loads, takes a choice and a note, shows a refusal, closes when done", () => {
    let s = tr.transferOpened(tr.opened(withAll(base(), [summary("a")]), "a"), "a");
    expect(s.transfer).toMatchObject({ conversationId: "a", load: "loading", choice: null });
    s = tr.transferTargetsLoaded(s, { agents: [{ id: "usr_x", name: "X", status: "online", open: 0, cap: 3 }], groups: [] });
    s = tr.transferEdited(s, { choice: "agent:usr_x" });
    s = tr.transferEdited(s, { note: "VIP" });
    s = tr.transferSent(s);
    expect(s.transfer).toMatchObject({ load: "loaded", choice: "agent:usr_x", note: "VIP", sending: true, error: null });
    s = tr.transferRefused(s, "agent_unavailable");
    expect(s.transfer).toMatchObject({ sending: false, error: "agent_unavailable", note: "VIP" });
    s = tr.transferDone(s);
    expect(s.transfer).toBeNull();
    expect(s.notice).toEqual({ key: "transfer.done" });
    expect(tr.transferTargetsLoaded(tr.transferOpened(s, "a"), null).transfer?.load).toBe("failed");
  });
});
