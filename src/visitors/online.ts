// Who is on the enterprise's sites right now, from the loader's beacon (F11). In memory by design,
// like chat presence: a visit is alive while its tabs beacon; one silent for `ttlMs` is gone.
// Beacons are public (any site key, any visitor id, any tab name), so the table is bounded too: at
// most `maxVisits` visits in all (past it the least recently beaconed visit is forgotten, first of
// the enterprise beaconed to) and MAX_TABS tabs per visit (the least recently beaconed tab out).
import type { PageInfo } from "../../common/protocol";
import type { AppContext } from "../http/app-context";
import { onePer } from "../one-per";

export interface Invite {
  agentId: string;
  agentName: string;
  greeting: string;
  at: number;
  /** when a beacon carried it to the visitor's page (it is delivered once) */
  shownAt: number | null;
}

export interface OnlineVisit {
  /** the hashed visitor id (visitors.id) */
  visitorId: string;
  siteId: string;
  page: PageInfo;
  device: string;
  lang: string;
  visitStartedAt: number;
  /** this is the visitor's n-th visit */
  visits: number;
  returning: boolean;
  /** when the database last heard of this visit (src/visitors/beacon.ts refreshes it once a minute) */
  recordedAt: number;
  lastBeaconAt: number;
  invite: Invite | null;
}

export type VisitUpdate = Omit<OnlineVisit, "lastBeaconAt" | "invite">;

/** Visits kept in all: far more than one node's sites have on screen at once. */
export const MAX_VISITS = 100_000;
/** Tabs kept per visit (a person has a few open; more are forgotten oldest first). */
export const MAX_TABS = 32;

interface Entry extends OnlineVisit {
  /** each open page (tab) of the visitor → its last beacon */
  tabs: Map<string, number>;
}

export class VisitorsOnline {
  /** a tab silent this long has gone (the loader beacons every 20 s while the page is visible) */
  ttlMs = 60_000;
  /** each enterprise's visits, least recently beaconed first */
  private byEnterprise = new Map<string, Map<string, Entry>>();
  private lastSweep = 0;
  /** visits kept in all enterprises */
  private count = 0;

  constructor(
    private now: () => number = Date.now,
    public maxVisits = MAX_VISITS,
  ) {}

  /** How many visits are kept (at most maxVisits). */
  get size(): number {
    return this.count;
  }

  /** A tab beaconed. Returns an invitation to show now, if one waits (each is delivered once). */
  seen(enterpriseId: string, tab: string, update: VisitUpdate): Invite | null {
    const now = this.now();
    // Visits nobody lists would otherwise linger: sweep everything now and then.
    if (now - this.lastSweep > this.ttlMs) {
      this.lastSweep = now;
      for (const id of [...this.byEnterprise.keys()]) this.live(id);
    }
    const visits = this.visitsOf(enterpriseId, true)!;
    let e = visits.get(update.visitorId);
    if (e) {
      // Moved to the end: the least recently beaconed visits are the first ones forgotten.
      visits.delete(update.visitorId);
      Object.assign(e, update, { lastBeaconAt: now });
    } else {
      while (this.count >= this.maxVisits && this.forgetOldest(visits)) {}
      e = { ...update, lastBeaconAt: now, invite: null, tabs: new Map() };
      this.count++;
    }
    visits.set(update.visitorId, e);
    e.tabs.delete(tab);
    e.tabs.set(tab, now);
    if (e.tabs.size > MAX_TABS) e.tabs.delete(e.tabs.keys().next().value!);
    if (e.invite && e.invite.shownAt === null) {
      e.invite.shownAt = now;
      return e.invite;
    }
    return null;
  }

  /** A tab was closed or navigated away ("left" beacon). */
  left(enterpriseId: string, visitorId: string, tab: string): void {
    const visits = this.visitsOf(enterpriseId);
    const e = visits?.get(visitorId);
    if (!e) return;
    e.tabs.delete(tab);
    if (e.tabs.size === 0) this.drop(enterpriseId, visits!, visitorId);
  }

  get(enterpriseId: string, visitorId: string): OnlineVisit | undefined {
    return this.live(enterpriseId).find((v) => v.visitorId === visitorId);
  }

  /** The enterprise's live visits, the longest-staying first. */
  list(enterpriseId: string): OnlineVisit[] {
    return this.live(enterpriseId).sort((a, b) => a.visitStartedAt - b.visitStartedAt);
  }

  /** An agent invites a visitor to chat; the next beacon of any of their tabs carries it. */
  invite(enterpriseId: string, visitorId: string, invite: Omit<Invite, "at" | "shownAt">): boolean {
    const e = this.visitsOf(enterpriseId)?.get(visitorId);
    if (!e || !this.sweepTabs(e, this.now())) return false;
    e.invite = { ...invite, at: this.now(), shownAt: null };
    return true;
  }

  /** Forgets one visit to make room: the enterprise's own least recent, else another's. False when none is kept. */
  private forgetOldest(visits: Map<string, Entry>): boolean {
    const [enterpriseId, from] = visits.size > 0 ? [null, visits] : (this.byEnterprise.entries().next().value ?? [null, undefined]);
    const oldest = from?.keys().next().value;
    if (!from || oldest === undefined) return false;
    from.delete(oldest);
    this.count--;
    if (enterpriseId !== null && from.size === 0) this.byEnterprise.delete(enterpriseId);
    return true;
  }

  private drop(enterpriseId: string, visits: Map<string, Entry>, visitorId: string): void {
    if (visits.delete(visitorId)) this.count--;
    if (visits.size === 0) this.byEnterprise.delete(enterpriseId);
  }

  private visitsOf(enterpriseId: string, create = false): Map<string, Entry> | undefined {
    let m = this.byEnterprise.get(enterpriseId);
    if (!m && create) this.byEnterprise.set(enterpriseId, (m = new Map()));
    return m;
  }

  /** Drops silent tabs; false when none is left. */
  private sweepTabs(e: Entry, now: number): boolean {
    for (const [tab, at] of e.tabs) if (now - at > this.ttlMs) e.tabs.delete(tab);
    return e.tabs.size > 0;
  }

  private live(enterpriseId: string): OnlineVisit[] {
    const visits = this.visitsOf(enterpriseId);
    if (!visits) return [];
    const now = this.now();
    const out: OnlineVisit[] = [];
    for (const [id, e] of visits) {
      if (!this.sweepTabs(e, now)) {
        visits.delete(id);
        this.count--;
      } else {
        const { tabs: _tabs, ...visit } = e;
        out.push(visit);
      }
    }
    if (visits.size === 0) this.byEnterprise.delete(enterpriseId);
    return out;
  }
}

/**
 * The running server's tracker (one per app, so that test servers in one process stay apart), on the
 * chat core's clock, so a test moves a visit past its time instead of sleeping.
 */
export const visitorsOnline = onePer((app: AppContext) => new VisitorsOnline(() => app.chat.clock.now()));
