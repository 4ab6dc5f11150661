// What banned words (敏感词, src/moderation) cost in process: building the Aho–Corasick automaton for
// an enterprise's list (done once, when the list changes) and scanning one message (done for every
// message stored), for lists of 1,000 and 10,000 words, Chinese and English messages, with and
// without a match. The saturation run (`bun bench/load.ts --saturate --banned-words 1000`) is the
// end-to-end figure; this one says where the microseconds go.
//
//   bun bench/banned-words.ts
import { buildMatcher, hasWord, maskWords } from "../src/moderation/matcher";

const cjk = (i: number) => Array.from({ length: 2 + (i % 3) }, (_, k) => String.fromCharCode(0x4e00 + ((i * 7919 + k * 104729) % 20000))).join("");
const wordList = (n: number) => Array.from({ length: n }, (_, i) => (i % 5 === 0 ? `zq${i.toString(36)}x` : cjk(i)));

const ZH = "您好，我昨天下的订单到现在还没有发货，请问什么时候能发出？谢谢！";
const EN = "Hello! I have a question about my order 12345, could you help me please?";
const MESSAGES: [string, string][] = [
  [`Chinese, ${ZH.length} chars, clean`, ZH],
  [`English, ${EN.length} chars, clean`, EN],
  [`Chinese, ${ZH.length * 5} chars, clean`, ZH.repeat(5)],
];

function perCall(fn: () => unknown, minMs = 300): number {
  for (let i = 0; i < 1000; i++) fn();
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < minMs) {
    for (let i = 0; i < 1000; i++) fn();
    n += 1000;
    t = performance.now();
  }
  return ((t - t0) * 1000) / n; // µs
}

console.log(`bun ${Bun.version}; times are medians of 5 runs of ≥ 300 ms each`);
for (const n of [1000, 10_000]) {
  const words = wordList(n);
  const builds: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    buildMatcher(words);
    builds.push(performance.now() - t0);
  }
  const m = buildMatcher(words);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  console.log(`\n${n.toLocaleString("en")} words: automaton of ${m.size.toLocaleString("en")} nodes built in ${median(builds).toFixed(1)} ms (once per change)`);
  const withMatch = `${MESSAGES[0]![1]}${words[1]}`;
  for (const [name, text] of [...MESSAGES, ["Chinese, with one banned word", withMatch] as [string, string]]) {
    const mask = median(Array.from({ length: 5 }, () => perCall(() => maskWords(m, text))));
    const refuse = median(Array.from({ length: 5 }, () => perCall(() => hasWord(m, text))));
    console.log(`  ${name.padEnd(32)} mask ${mask.toFixed(2)} µs · refuse check ${refuse.toFixed(2)} µs`);
  }
}
