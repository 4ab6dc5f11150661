// What the message store remembers of each conversation it has written to since start: the newest
// seq, and the client ids of all the conversation's messages. With both in memory, storing a
// message is one INSERT into the messages table and its (conversation, seq) index, and nothing
// else: the resend check (a client id already stored in the conversation) is a set lookup here
// instead of a second unique index. That index cost as much as the table and the seq index
// together: each message dirtied its conversation's page in it, a random page per message written
// to the WAL at every commit and copied back by the checkpoint (bench/hot-path.ts, docs/benchmarks.md).
//
// A tail is complete or absent: it is loaded from the conversation's rows at its first write in
// this process, and kept current by every write (the store is the only writer of messages). A
// rollback may have undone writes it counts, so the store drops all tails then; a closed
// conversation takes no more messages, so its tail is dropped. The whole is bounded by the number
// of client ids it holds and by the number of tails (a conversation closed around the store keeps
// its tail): past either the tails loaded earliest are dropped (they load again at their next
// write), so memory stays bounded whatever visitors send.

export interface Tail {
  /** the conversation's newest seq */
  seq: number;
  /** the client ids of its messages, hashed (those stored without one are not here) */
  readonly clientIds: HashSet32;
}

/**
 * 32-bit hashes of client ids in an open-addressed table: 4–8 bytes a message, where a JS Set took
 * ~140 (bench/load.ts --saturate: +50 MB of peak RSS for 350,000 messages). A hash found here may be
 * another client id's (1 in 2^32 per pair): the store then looks the client id up in the rows.
 */
export class HashSet32 {
  private slots = new Uint32Array(8);
  size = 0;

  static of(clientId: string): number {
    return Bun.hash.cityHash32(clientId) || 1; // 0 marks an empty slot
  }

  has(h: number): boolean {
    const mask = this.slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const v = this.slots[i]!;
      if (v === h) return true;
      if (v === 0) return false;
    }
  }

  /** Adds it; false when it was there. */
  add(h: number): boolean {
    if ((this.size + 1) * 2 > this.slots.length) this.grow();
    const mask = this.slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const v = this.slots[i]!;
      if (v === h) return false;
      if (v === 0) {
        this.slots[i] = h;
        this.size++;
        return true;
      }
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    this.size = 0;
    for (const v of old) if (v !== 0) this.add(v);
  }
}

/** At most 8 MB of hashes (4–8 bytes each). */
const MAX_REMEMBERED_CLIENT_IDS = 1_000_000;
/** About 20 MB of tails without client ids (a tail and its smallest table: ~200 bytes). */
const MAX_TAILS = 100_000;

export class ConversationTails {
  private tails = new Map<string, Tail>();
  private remembered = 0;

  constructor(
    private maxClientIds = MAX_REMEMBERED_CLIENT_IDS,
    private maxTails = MAX_TAILS,
  ) {}

  get(conversationId: string): Tail | undefined {
    return this.tails.get(conversationId);
  }

  /** A tail just read from the conversation's rows. */
  load(conversationId: string, tail: Tail): Tail {
    this.forget(conversationId);
    this.tails.set(conversationId, tail);
    this.remembered += tail.clientIds.size;
    this.trim(conversationId);
    return tail;
  }

  /** A message was stored in the conversation as its newest; `clientHash`: HashSet32.of its client id (the caller has it from the resend check), or null. */
  stored(conversationId: string, tail: Tail, seq: number, clientHash: number | null): void {
    tail.seq = seq;
    if (clientHash === null || !tail.clientIds.add(clientHash)) return;
    if (++this.remembered > this.maxClientIds) this.trim(conversationId);
  }

  forget(conversationId: string): void {
    const tail = this.tails.get(conversationId);
    if (!tail) return;
    this.remembered -= tail.clientIds.size;
    this.tails.delete(conversationId);
  }

  clear(): void {
    this.tails.clear();
    this.remembered = 0;
  }

  /** Client ids held, for tests and benchmarks. */
  get size(): number {
    return this.remembered;
  }

  /** Drops the earliest loaded tails (except the one in use) until the budget holds. */
  private trim(keep: string): void {
    for (const id of this.tails.keys()) {
      if (this.remembered <= this.maxClientIds && this.tails.size <= this.maxTails) return;
      if (id !== keep) this.forget(id);
    }
  }
}
