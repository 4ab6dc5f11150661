// One socket's state, created by the socket layer on open and passed back with every frame.
import { systemClock, type Clock } from "../clock";
import type { Member } from "../accounts/data-scope";
import type { User } from "../accounts/users";
import type { Site } from "../sites/sites";
import { LIMITS, type ServerFrame } from "../../common/protocol";
import type { Peer } from "./presence";
import { TokenBucket } from "./rate-limit";
import type { ConnectedVisitor } from "./visitors";

/** One socket's state. The socket layer creates it on open and passes it back with every frame. */
export interface Connection {
  kind: "agent" | "visitor";
  send(frame: ServerFrame): void;
  bucket: TokenBucket;
  /** when the last rate_limited error was sent: one per second is enough */
  lastRateError: number;
  /** frames refused over the rate since the last one let through (LIMITS.refusedBeforeClose ends the socket) */
  refusedInRow?: number;
  /** closed for flooding: later frames are dropped unanswered */
  flooded?: boolean;
  userAgent: string;
  /** agents: the signed-in user with their role's grant, known from the cookie at upgrade (refreshed at hello) */
  user?: Member;
  /** after hello: the key of the rate its visitor's or agent's sockets share (made once, not per frame) */
  rateKey?: string;
  /** the client's address (src/http/client-address.ts): visitor sockets of one address share a rate */
  address?: string;
  /**
   * Sends a long run of stored frames a page at a time, as fast as the socket's reader takes them
   * (the socket layer's; without it, all at once). Frames sent after it wait until it is done.
   */
  replay?: (pages: () => ServerFrame[] | null) => void;
  /** closes the socket (a disabled seat, a changed role) */
  close?: (code: number, reason: string) => void;
  /** agents: the sign-in session the socket opened with; the socket ends with it */
  session?: { id: string; expiresAt: number };
  /** the socket was ended by the server (its session ended): frames still on their way are dropped */
  ended?: boolean;
  /** set by a successful hello */
  peer?: Peer;
  visitor?: ConnectedVisitor;
  site?: Site;
}

/** `user`: the agent signed in at upgrade; hello resolves their seat and role afresh (a Member from then on). */
export function newConnection(kind: Connection["kind"], send: (frame: ServerFrame) => void, userAgent = "", user?: User, close?: Connection["close"], clock: Clock = systemClock): Connection {
  return { kind, send, bucket: new TokenBucket(LIMITS.ratePerSecond, LIMITS.rateBurst, clock), lastRateError: 0, userAgent, user: user as Member | undefined, close };
}
