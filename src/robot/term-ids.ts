// Terms as small integers. An index of thousands of entries holds each entry's terms; as sorted
// Int32Arrays of ids that costs a few bytes a term instead of a string and a set slot, and the same
// term in many entries is stored once.

export class TermIds {
  private readonly ids = new Map<string, number>();

  /** The term's id, assigned on first sight. */
  intern(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) this.ids.set(term, (id = this.ids.size));
    return id;
  }

  /** The term's id, or -1 for a term no entry has ever had. */
  find(term: string): number {
    return this.ids.get(term) ?? -1;
  }

  /** A sorted set of ids for these terms. */
  set(terms: Iterable<string>): Int32Array {
    const out = Int32Array.from(new Set([...terms].map((t) => this.intern(t))));
    return out.sort();
  }
}

/** Membership in a sorted id set (binary search). */
export function hasId(sorted: Int32Array, id: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid]!;
    if (v === id) return true;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
