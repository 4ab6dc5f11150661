// onePer (src/one-per.ts): one thing per owner, made on the first ask and the same one after.
import { expect, test } from "bun:test";
import { onePer } from "../../src/one-per";

test("one thing per owner, made once; keyOf names the owner; a false or null thing is made once too", () => {
  let made = 0;
  const listOf = onePer((_owner: object) => (made++, [] as number[]));
  const a = {};
  const b = {};
  expect(listOf(a)).toBe(listOf(a));
  expect(listOf(b)).not.toBe(listOf(a));
  expect(made).toBe(2);

  const client = {};
  const perClient = onePer((db: { $client: object; name: string }) => ({ madeFor: db.name }), (db) => db.$client);
  expect(perClient({ $client: client, name: "first" })).toBe(perClient({ $client: client, name: "second" }));
  expect(perClient({ $client: client, name: "second" }).madeFor).toBe("first");

  let asked = 0;
  const flag = onePer((_owner: object) => (asked++, false));
  expect([flag(a), flag(a)]).toEqual([false, false]);
  const none = onePer((_owner: object) => (asked++, null));
  expect([none(a), none(a)]).toEqual([null, null]);
  expect(asked).toBe(2);
});
