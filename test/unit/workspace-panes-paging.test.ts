// The workspace's pure transitions for issue 18: paging back through a transcript (the newest page,
// earlier pages in front, a catch-up page that does not join what is held), the phone's panes, and
// the keyboard's next / previous conversation.
import { describe, expect, test } from "bun:test";
import type { ChatMessage } from "../../common/protocol";
import * as tr from "../../src/workspace/app/transitions";
import { initialWorkspaceState } from "../../src/workspace/app/model";

const state = () => initialWorkspaceState({ locale: "en", strings: {}, agent: { id: "me", name: "Me", email: "me@x", status: "online" }, enterpriseName: "X", socketPath: "/ws/agent", csrfToken: "t" });
const msgs = (from: number, to: number): ChatMessage[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ type: "message", conversationId: "c", id: from + i, seq: from + i, clientId: null, from: "visitor", authorName: null, text: `m${from + i}`, at: 0 }) as unknown as ChatMessage);
const seqs = (s: ReturnType<typeof state>) => s.transcripts.c!.messages.map((m) => m.seq);

describe("transcript paging", () => {
  test("the newest page keeps its cursor; an earlier page goes in front and moves the cursor; the first page ends it", () => {
    let s = tr.historyLoaded(state(), "c", msgs(251, 450), 251);
    expect(s.transcripts.c!.earlier).toBe(251);
    s = tr.earlierLoading(s, "c");
    expect(s.transcripts.c!.loadingEarlier).toBe(true);
    s = tr.earlierLoaded(s, "c", msgs(51, 250), 51);
    expect(seqs(s)).toEqual(msgs(51, 450).map((m) => m.seq));
    expect(s.transcripts.c).toMatchObject({ earlier: 51, loadingEarlier: false });
    s = tr.earlierLoaded(s, "c", msgs(1, 50), null);
    expect(seqs(s).length).toBe(450);
    expect(s.transcripts.c!.earlier).toBeNull();
  });

  test("a catch-up page that joins what is held keeps the earlier pages and their cursor", () => {
    let s = tr.historyLoaded(state(), "c", msgs(251, 450), 251);
    s = tr.earlierLoaded(s, "c", msgs(51, 250), 51);
    s = tr.historyLoaded(s, "c", msgs(261, 460), 261);
    expect(seqs(s)[0]).toBe(51);
    expect(seqs(s).at(-1)).toBe(460);
    expect(s.transcripts.c!.earlier).toBe(51);
  });

  test("a catch-up page with a gap before it replaces what is held (the rest is reached by paging back)", () => {
    let s = tr.historyLoaded(state(), "c", msgs(251, 450), 251);
    s = tr.historyLoaded(s, "c", msgs(701, 900), 701);
    expect(seqs(s)).toEqual(msgs(701, 900).map((m) => m.seq));
    expect(s.transcripts.c!.earlier).toBe(701);
  });
});

describe("panes and the keyboard", () => {
  test("opening shows the conversation; without one open only the list can show", () => {
    let s = tr.paneShown(state(), "chat");
    expect(s.pane).toBe("list");
    s = tr.opened(s, "c");
    expect(s.pane).toBe("chat");
    expect(tr.paneShown(s, "visitor").pane).toBe("visitor");
    expect(tr.paneShown(s, "list").pane).toBe("list");
  });

  test("next and previous follow the list and stop at its ends", () => {
    const list = [{ id: "a" }, { id: "b" }, { id: "c" }];
    expect(tr.neighbour(list, null, 1)).toBe("a");
    expect(tr.neighbour(list, null, -1)).toBe("c");
    expect(tr.neighbour(list, "a", 1)).toBe("b");
    expect(tr.neighbour(list, "c", 1)).toBe("c");
    expect(tr.neighbour(list, "a", -1)).toBe("a");
    expect(tr.neighbour([], "a", 1)).toBeNull();
  });
});
