// The buckets kept per visitor, agent and address (src/chat/rate-limit.ts): one rate across all of a
// key's sockets, and a map that stays bounded whatever keys an unauthenticated client invents.
import { expect, test } from "bun:test";
import { KeyedBuckets } from "../../src/chat/rate-limit";

test("a key's bucket is shared by every caller of that key, and refills at its rate", () => {
  let now = 0;
  const b = new KeyedBuckets(10, 30, 1000, () => now);
  let taken = 0;
  for (let i = 0; i < 100; i++) if (b.take("visitor-1")) taken++;
  expect(taken).toBe(30);
  expect(b.take("visitor-2")).toBe(true); // another key has its own
  now += 1000;
  taken = 0;
  for (let i = 0; i < 100; i++) if (b.take("visitor-1")) taken++;
  expect(taken).toBe(10);
});

test("the map never holds more than its cap, and forgets buckets that have refilled", () => {
  let now = 0;
  const b = new KeyedBuckets(10, 30, 100, () => now);
  for (let i = 0; i < 10_000; i++) b.take(`addr-${i}`);
  expect(b.size).toBe(100);
  // A flooded key stays limited while others come and go (it is the most recently used).
  for (let i = 0; i < 40; i++) b.take("flooder");
  expect(b.take("flooder")).toBe(false);
  // Once every bucket has refilled (3 s at 10/s for 30), each take forgets up to two quiet ones.
  now += 3000;
  for (let i = 0; i < 60; i++) b.take("one-key");
  expect(b.size).toBe(1);
});
