// Each agent's count of open conversations (agent_open_counts, kept by triggers on conversations:
// migration 0033) is what routing reads; it must equal a count of the rows after anything that
// creates, assigns, requeues, transfers, closes or deletes a conversation, whoever writes it.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { addUser } from "../../src/accounts/users";
import { ChatService } from "../../src/chat/service";
import type { Db } from "../../src/db/client";
import { companyDatabase, type CompanyDatabase } from "../helpers/server";

let t: CompanyDatabase;
let db: Db;
let chat: ChatService;
let eid = "";
let siteId = "";
let agents: string[] = [];

beforeEach(async () => {
  t = await companyDatabase("Load");
  ({ db, enterpriseId: eid, siteId } = t);
  chat = new ChatService(db);
  agents = [];
  for (const name of ["a", "b"]) agents.push((await addUser(db, eid, { email: `${name}@load.test`, password: "loadpass-1", name, cap: 5 })).id);
});
afterEach(() => {
  chat.stop();
  t.close();
});

/** Counted from the rows, as routing once did for every decision. */
const counted = () =>
  new Map(
    (db.$client.query("select agent_id as id, count(*) as n from conversations where enterprise_id = ? and status = 'open' and agent_id is not null group by agent_id").all(eid) as { id: string; n: number }[]).map((r) => [r.id, r.n]),
  );
const kept = () => chat.conversations.openCounts(eid);
const same = () => expect(kept()).toEqual(counted());

test("the kept counts follow every change of a conversation's agent or status", () => {
  const [a, b] = agents as [string, string];
  const c = (n: number) => chat.conversations.create(eid, siteId, `visitor-load-${String(n).padStart(10, "0")}`);
  const one = c(1), two = c(2), three = c(3);
  same(); // created waiting: nobody's
  chat.conversations.assign(eid, one.id, a);
  chat.conversations.assign(eid, two.id, a);
  chat.conversations.assign(eid, three.id, b);
  expect(kept()).toEqual(new Map([[a, 2], [b, 1]]));
  same();
  chat.conversations.assign(eid, two.id, a); // the same agent again: no change
  same();
  chat.conversations.assign(eid, two.id, b); // transferred
  expect(kept().get(a)).toBe(1);
  same();
  chat.conversations.enqueue(eid, one.id, Date.now()); // requeued
  same();
  chat.conversations.close(eid, three.id, "agent");
  chat.conversations.close(eid, three.id, "agent"); // closing twice changes nothing
  same();
  expect(chat.conversations.openCounts(eid, [a, b])).toEqual(new Map([[a, 0], [b, 1]]));
  expect(chat.conversations.openCounts(eid, [])).toEqual(new Map());
  // Rows written around the store (another process, an operator's SQL) and deleted ones count too.
  db.$client.query("update conversations set agent_id = ? where id = ?").run(a, one.id);
  same();
  db.$client.query("delete from conversations where id = ?").run(two.id);
  same();
  expect(kept()).toEqual(new Map([[a, 1]]));
});

test("routing reads the kept counts: an agent at their cap gets no more", () => {
  const [a] = agents as [string];
  db.$client.query("update users set cap = 1 where id = ?").run(a);
  chat.router.invalidate(eid);
  chat.presence.add({ kind: "agent", enterpriseId: eid, id: a, send: () => {} });
  chat.presence.setStatus(a, "online");
  const first = chat.router.place(chat.conversations.create(eid, siteId, "visitor-load-0000000101"));
  const second = chat.router.place(chat.conversations.create(eid, siteId, "visitor-load-0000000102"));
  expect(first.agentId).toBe(a);
  expect(second.agentId).toBeNull();
  same();
});
