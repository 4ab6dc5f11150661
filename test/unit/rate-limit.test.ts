// The buckets kept per visitor, agent and address (src/chat/rate-limit.ts): one rate across all of a
// key's sockets, and a map that stays bounded whatever keys an unauthenticated client invents.
import { expect, test } from "bun:test";
import { KeyedBuckets } from "../../src/chat/rate-limit";

test("a key's bucket is shared by every caller of that key, and refills at its rate", () => {
  let now = 0;
  const b = new KeyedBuckets(10, 30, 1000, { now: () => now });
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
  const b = new KeyedBuckets(10, 30, 100, { now: () => now });
  for (let i = 0; i < 10_000; i++) b.take(`addr-${i}`);
  expect(b.size).toBeLessThanOrEqual(100);
  // A flooded key stays limited while others come and go (it is among the most recently used).
  for (let i = 0; i < 40; i++) b.take("flooder");
  for (let i = 0; i < 49; i++) b.take(`later-${i}`);
  expect(b.take("flooder")).toBe(false);
  // Quiet for a refill period (3 s at 10/s for 30): every bucket is full, so all are forgotten.
  now += 3000;
  b.take("one-key");
  expect(b.size).toBe(1);
});

test("a bucket that has not refilled is kept across generations; one untouched for a refill period is forgotten", () => {
  let now = 0;
  const b = new KeyedBuckets(10, 30, 1000, { now: () => now });
  for (let i = 0; i < 30; i++) expect(b.take("flooder")).toBe(true);
  expect(b.take("flooder")).toBe(false);
  // Others keep the map busy while the flooder waits 2.9 s: two generations turn meanwhile, and its
  // bucket (29 tokens back, not yet 30) must be the same one, not a fresh full one.
  for (let ms = 100; ms <= 2900; ms += 100) {
    now = ms;
    b.take("other");
  }
  let taken = 0;
  while (b.take("flooder")) taken++;
  expect(taken).toBe(29);
  // The same flooder, then untouched for 6 s while another key is busy: its bucket goes (the
  // size says so), and a new one is full, as the old one would have been.
  for (let ms = 3000; ms <= 9000; ms += 100) {
    now = ms;
    b.take("other");
  }
  expect(b.size).toBe(1);
  taken = 0;
  while (b.take("flooder")) taken++;
  expect(taken).toBe(30);
});
