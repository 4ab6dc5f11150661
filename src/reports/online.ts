// Agents' online time for the reports: every minute, each agent whose status is online (with a
// socket open) is credited the time since the last look, in that day's row (UTC). Precise to the
// minute, and no hook into the chat core: presence is read as it is.
import { databaseClosed, type Db } from "../db/client";
import type { ChatCore } from "../chat/core";
import { dayOf } from "./record";
import { log } from "../log";

export const SAMPLE_MS = 60_000;

const running = new WeakMap<object, OnlineSampler>();

/** The sampler running for this database (stopped with the server). */
export const onlineSamplerOf = (db: Db): OnlineSampler | undefined => running.get(db.$client);

export class OnlineSampler {
  private last: number;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private db: Db,
    private presence: Pick<ChatCore, "availableAgents">,
    private now: () => number = Date.now,
  ) {
    this.last = now();
  }

  start(): this {
    running.get(this.db.$client)?.stop();
    running.set(this.db.$client, this);
    this.timer = setInterval(() => this.tick(), SAMPLE_MS);
    (this.timer as { unref?: () => void }).unref?.();
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (running.get(this.db.$client) === this) running.delete(this.db.$client);
  }

  /** Credits the time since the last look (at most two sample periods: a stalled process is not counted as online). */
  tick(at = this.now()): void {
    const elapsed = Math.min(at - this.last, 2 * SAMPLE_MS);
    this.last = at;
    if (elapsed <= 0) return;
    try {
      const enterprises = this.db.$client.query("select id from enterprises").all() as { id: string }[];
      const add = this.db.$client.query(
        "insert into report_agent_online (enterprise_id, day, agent_id, online_ms) values (?1, ?2, ?3, ?4) on conflict (enterprise_id, day, agent_id) do update set online_ms = online_ms + ?4",
      );
      const day = dayOf(at);
      for (const { id } of enterprises) for (const agentId of this.presence.availableAgents(id)) add.run(id, day, agentId, elapsed);
    } catch (e) {
      if (databaseClosed(e)) return this.stop();
      // A minute not counted (the database busy past its timeout) is better than a stopped server.
      log.error("counting online time failed", { error: e });
    }
  }
}
