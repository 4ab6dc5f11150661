// Finding banned words in a message: an Aho–Corasick automaton over UTF-16 code units, built once
// per enterprise when its list changes (src/moderation/words.ts), so a message costs one pass over
// its characters whatever the list's length. Case does not matter (both sides are lowercased one code
// unit at a time, so positions stay those of the original text). A word that starts (ends) with a
// Latin letter or digit matches only where the text has no such character before (after) it:
// "ass" is not found in "class". Chinese has no spaces between words: CJK words match anywhere.

/** A compiled word list. Nodes are numbered; node 0 is the root. */
export interface Matcher {
  /** per node: code unit → next node */
  readonly next: Map<number, number>[];
  /** per node: the failure link */
  readonly fail: Int32Array;
  /** per node: lengths of the words that end here (its own and those reached through failure links) */
  readonly out: (number[] | null)[];
  /** per node: the word's first and last code units need a word boundary (bit 1: start, bit 2: end), by length */
  readonly edges: (Map<number, number> | null)[];
  readonly size: number;
}

const A = 0x61;
const Z = 0x7a;

/**
 * Each code unit lowercased where that keeps it one code unit (A–Z, À–Þ, Ａ–Ｚ, Greek, Cyrillic, …),
 * as a table filled once: a message's scan must not allocate a string per character.
 */
let LOWER: Uint16Array | null = null;
function lowerTable(): Uint16Array {
  if (LOWER) return LOWER;
  const t = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) {
    if (c < 0x80) t[c] = c >= 0x41 && c <= 0x5a ? c + 32 : c;
    else if (c >= 0xd800 && c <= 0xdfff) t[c] = c; // surrogates: as they are
    else {
      const l = String.fromCharCode(c).toLowerCase();
      t[c] = l.length === 1 ? l.charCodeAt(0) : c;
    }
  }
  return (LOWER = t);
}

/** A Latin letter or digit (after lowercasing): where whole-word matching looks for boundaries. */
function isWordUnit(c: number): boolean {
  return (c >= A && c <= Z) || (c >= 0x30 && c <= 0x39) || (c >= 0xe0 && c <= 0x24f);
}

export function buildMatcher(words: readonly string[]): Matcher {
  const lower = lowerTable();
  const next: Map<number, number>[] = [new Map()];
  const outs: (number[] | null)[] = [null];
  const edges: (Map<number, number> | null)[] = [null];
  for (const raw of words) {
    const w = raw.trim();
    if (!w) continue;
    let node = 0;
    for (let i = 0; i < w.length; i++) {
      const c = lower[w.charCodeAt(i)]!;
      let to = next[node]!.get(c);
      if (to === undefined) {
        to = next.length;
        next.push(new Map());
        outs.push(null);
        edges.push(null);
        next[node]!.set(c, to);
      }
      node = to;
    }
    const first = lower[w.charCodeAt(0)]!;
    const last = lower[w.charCodeAt(w.length - 1)]!;
    const bits = (isWordUnit(first) ? 1 : 0) | (isWordUnit(last) ? 2 : 0);
    if (!outs[node]) outs[node] = [];
    if (!outs[node]!.includes(w.length)) outs[node]!.push(w.length);
    (edges[node] ??= new Map()).set(w.length, bits);
  }
  // Breadth first: each node's failure link is the longest proper suffix that is also a prefix.
  const fail = new Int32Array(next.length);
  const out = outs.map((o) => (o ? [...o] : null));
  const allEdges = edges.map((e) => (e ? new Map(e) : null));
  const queue: number[] = [];
  for (const to of next[0]!.values()) queue.push(to);
  for (let qi = 0; qi < queue.length; qi++) {
    const node = queue[qi]!;
    for (const [c, to] of next[node]!) {
      let f = fail[node]!;
      while (f !== 0 && !next[f]!.has(c)) f = fail[f]!;
      const target = next[f]!.get(c);
      fail[to] = target !== undefined && target !== to ? target : 0;
      const inherited = out[fail[to]!];
      if (inherited) {
        out[to] = [...(out[to] ?? []), ...inherited.filter((l) => !(out[to] ?? []).includes(l))];
        const e = (allEdges[to] ??= new Map());
        for (const [len, bits] of allEdges[fail[to]!]!) if (!e.has(len)) e.set(len, bits);
      }
      queue.push(to);
    }
  }
  return { next, fail, out, edges: allEdges, size: next.length };
}

/** The ranges [start, end) of banned words in `text`, in order of their end, possibly overlapping. */
export function findWords(m: Matcher, text: string): [number, number][] {
  const lower = lowerTable();
  const found: [number, number][] = [];
  let node = 0;
  for (let i = 0; i < text.length; i++) {
    const c = lower[text.charCodeAt(i)]!;
    let to = m.next[node]!.get(c);
    while (to === undefined && node !== 0) {
      node = m.fail[node]!;
      to = m.next[node]!.get(c);
    }
    node = to ?? 0;
    const lengths = m.out[node];
    if (!lengths) continue;
    for (const len of lengths) {
      const start = i + 1 - len;
      const bits = m.edges[node]!.get(len)!;
      if (bits & 1 && start > 0 && isWordUnit(lower[text.charCodeAt(start - 1)]!)) continue;
      if (bits & 2 && i + 1 < text.length && isWordUnit(lower[text.charCodeAt(i + 1)]!)) continue;
      found.push([start, i + 1]);
    }
  }
  return found;
}

/** Does the text contain a banned word? */
export function hasWord(m: Matcher, text: string): boolean {
  return findWords(m, text).length > 0;
}

/** The text with every banned word (overlapping ones merged) replaced by ***. */
export function maskWords(m: Matcher, text: string): string {
  const ranges = findWords(m, text).sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  if (!ranges.length) return text;
  let out = "";
  let at = 0;
  let end = -1;
  for (const [s, e] of ranges) {
    if (s < end) {
      end = Math.max(end, e);
      continue;
    }
    if (end >= 0) {
      out += "***";
      at = end;
    }
    out += text.slice(at, s);
    at = s;
    end = e;
  }
  return out + "***" + text.slice(end);
}
