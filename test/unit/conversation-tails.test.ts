// The message store's memory of conversations (src/chat/conversation-tails.ts): complete or absent,
// and bounded by the client ids it holds, dropping the tails loaded earliest.
import { expect, test } from "bun:test";
import { ConversationTails, HashSet32 } from "../../src/chat/conversation-tails";

const tailOf = (seq: number, ...ids: string[]) => {
  const clientIds = new HashSet32();
  for (const id of ids) clientIds.add(HashSet32.of(id));
  return { seq, clientIds };
};
const holds = (tails: ConversationTails, conversationId: string, clientId: string) => tails.get(conversationId)?.clientIds.has(HashSet32.of(clientId)) ?? false;

test("the hash set holds what was added, through its growth, and says when something was there", () => {
  const set = new HashSet32();
  const ids = Array.from({ length: 5000 }, (_, i) => `client-${i}`);
  for (const id of ids) expect(set.add(HashSet32.of(id))).toBe(true);
  expect(set.add(HashSet32.of("client-7"))).toBe(false);
  expect(set.size).toBe(5000);
  for (const id of ids) expect(set.has(HashSet32.of(id))).toBe(true);
  let strangers = 0;
  for (let i = 0; i < 5000; i++) if (set.has(HashSet32.of(`stranger-${i}`))) strangers++;
  expect(strangers).toBe(0);
  // 0 marks an empty slot: no hash is ever 0.
  expect(HashSet32.of("")).not.toBe(0);
});

test("stored messages move the seq and add their client ids once", () => {
  const tails = new ConversationTails(10);
  const t = tails.load("c1", tailOf(2, "a", "b"));
  tails.stored("c1", t, 3, HashSet32.of("c"));
  tails.stored("c1", t, 4, null);
  tails.stored("c1", t, 5, HashSet32.of("c"));
  expect(tails.get("c1")).toMatchObject({ seq: 5 });
  expect(["a", "b", "c", "d"].map((id) => holds(tails, "c1", id))).toEqual([true, true, true, false]);
  expect(tails.size).toBe(3);
  tails.forget("c1");
  expect(tails.get("c1")).toBeUndefined();
  expect(tails.size).toBe(0);
});

test("past the budget the tails loaded earliest are dropped, never the one in use", () => {
  const tails = new ConversationTails(4);
  tails.load("old", tailOf(2, "o1", "o2"));
  tails.load("mid", tailOf(1, "m1"));
  const busy = tails.load("busy", tailOf(1, "b1"));
  expect(tails.size).toBe(4);
  tails.stored("busy", busy, 2, HashSet32.of("b2"));
  expect(tails.get("old")).toBeUndefined(); // 5 > 4: the earliest goes
  expect(tails.get("mid")).toBeDefined();
  expect(tails.size).toBe(3);
  // One conversation larger than the budget keeps its own tail (it is in use) and pushes out the rest.
  for (let i = 3; i <= 6; i++) tails.stored("busy", busy, i, HashSet32.of(`b${i}`));
  expect(tails.get("mid")).toBeUndefined();
  expect(tails.get("busy")?.clientIds.size).toBe(6);
  // Loading over a tail replaces it and counts only the new one.
  tails.load("busy", tailOf(6, "x"));
  expect(tails.size).toBe(1);
  tails.clear();
  expect(tails.size).toBe(0);
});

test("the number of tails is bounded too, for conversations whose messages carry no client id", () => {
  const tails = new ConversationTails(100, 3);
  for (const id of ["c1", "c2", "c3", "c4", "c5"]) tails.load(id, tailOf(1));
  expect(["c1", "c2", "c3", "c4", "c5"].map((id) => tails.get(id) !== undefined)).toEqual([false, false, true, true, true]);
});
