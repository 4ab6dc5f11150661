// WebSocket endpoints: /ws/visitor and /ws/agent. This layer only opens, decodes and closes;
// src/chat/service.ts decides what each frame does.
//
// The sockets are Bun's own: the route upgrades the request and hands Bun the handlers in the
// socket's data, which Elysia's server-wide dispatcher calls as they are. Elysia's ws() routes
// wrap every frame in a new socket object with a dozen bound methods and two awaits, which was a
// tenth of a message's cost at load (bench/load.ts --saturate).
//
// Limits at the door: an agent socket must come from the server's own origin (a page elsewhere on
// the firm's domain could otherwise use the agent's cookie); each client address (or signed-in
// agent) holds at most config.socketsPerAddress sockets; a socket must say hello within
// config.helloTimeoutMs. Frames out go through an Outbox, which waits for slow readers.
import { Elysia } from "elysia";
import type { ServerWebSocket } from "bun";
import { findSession, SESSION_COOKIE, type Session } from "../accounts/sessions";
import { mustConfirmEmail } from "../platform/email-confirmation";
import type { AppContext } from "../http/app-context";
import { clientAddress, requestOrigin } from "../http/client-address";
import { readCookie } from "../http/cookies";
import { buildReq, failure, mayUse } from "../http/guard";
import type { Access } from "../http/route";
import { GroupCommit } from "./group-commit";
import { Outbox } from "./outbox";
import { CLOSE_CODES, LIMITS, type ServerFrame } from "../../common/protocol";
import { newConnection, type Connection } from "./connection";

/** Who may open the agent socket (and so subscribe to conversations): the workspace module. */
export const AGENT_SOCKET_ACCESS: Access = { module: "workspace" };

/** What Bun keeps with each socket: the handlers Elysia's dispatcher calls, and our connection. */
interface SocketData {
  open(ws: Socket): void;
  message(ws: Socket, message: string | Buffer): void;
  drain(ws: Socket): void;
  close(ws: Socket): void;
  /** the upgrade's User-Agent (the socket keeps this, not the whole Request: an idle socket's memory is mostly what it keeps) */
  userAgent: string;
  /** the client's address (src/http/client-address.ts) */
  address: string;
  /** agents: their session, from the cookie at upgrade */
  session: Session | null;
  /** what this socket counts against: its address, or the signed-in agent */
  slot: string;
  outbox?: Outbox;
  conn?: Connection;
  helloTimer?: ReturnType<typeof setTimeout>;
}
type Socket = ServerWebSocket<SocketData>;

/** Server-wide socket settings (Bun has one set per server): server.ts passes them to Elysia. */
export const SOCKET_OPTIONS = {
  // Bun closes sockets that send frames over this (1009); smaller frames over our own limits get an error frame.
  maxPayloadLength: LIMITS.maxPayloadBytes,
  // Bun pings idle sockets and closes those that stop answering: dead peers are found within this time.
  idleTimeout: 60,
  sendPings: true,
};

/** Open sockets per slot (an address, or a signed-in agent): a map no larger than the sockets open. */
class SocketSlots {
  private open = new Map<string, number>();
  take(slot: string, cap: number): boolean {
    const n = this.open.get(slot) ?? 0;
    if (n >= cap) return false;
    this.open.set(slot, n + 1);
    return true;
  }
  release(slot: string): void {
    const n = (this.open.get(slot) ?? 1) - 1;
    if (n > 0) this.open.set(slot, n);
    else this.open.delete(slot);
  }
}

/** A frame as the service takes it: the parsed JSON, or the text itself when it is not JSON (an error frame follows). */
function decode(message: string | Buffer): unknown {
  if (typeof message !== "string") return message;
  try {
    return JSON.parse(message);
  } catch {
    return message;
  }
}

export function chatSockets(app: AppContext) {
  const { config } = app;
  const commits = new GroupCommit(app.db);
  const slots = new SocketSlots();

  /** No successful hello in time: the socket is closed, so silent sockets cannot pile up. */
  const helloDeadline = (ws: Socket) => {
    ws.data.helloTimer = undefined;
    commits.flushNow(); // a hello that arrived in this turn counts
    const conn = ws.data.conn;
    if (!conn || conn.peer) return;
    ws.data.outbox?.send(JSON.stringify({ type: "error", code: "hello_required", reason: `no hello within ${config.helloTimeoutMs} ms` }));
    ws.close(CLOSE_CODES.helloTimeout, "hello timeout");
  };

  const handlers = (kind: "visitor" | "agent") => ({
    open(ws: Socket) {
      const userAgent = ws.data.userAgent;
      const outbox = (ws.data.outbox = new Outbox(ws, config.socketBacklogBytes));
      let user;
      if (kind === "agent") {
        // Agents are known by their session cookie at upgrade; the socket lives on with that identity.
        user = ws.data.session?.user;
        // The agent socket is the workspace's: the same permission rule as its routes (src/http/guard.ts).
        const verdict = mayUse(user ?? null, AGENT_SOCKET_ACCESS);
        if (verdict !== "ok") {
          const code = verdict === "sign_in" ? "unauthorized" : "forbidden";
          ws.send(JSON.stringify({ type: "error", code, reason: verdict === "sign_in" ? "sign in first" : "your role does not grant the workspace" }));
          ws.close(verdict === "sign_in" ? CLOSE_CODES.unauthorized : CLOSE_CODES.forbidden, code);
          return;
        }
      }
      // Serialised now: the frame as it is when it is sent, not as it may be once the batch commits.
      const conn = newConnection(kind, (frame: ServerFrame) => commits.send(outbox, JSON.stringify(frame)), userAgent, user, (code, reason) => ws.close(code, reason), app.chat.clock);
      conn.address = ws.data.address;
      // The socket ends with the session it opened with (sign-out, password change, expiry).
      if (ws.data.session) conn.session = { id: ws.data.session.id, expiresAt: ws.data.session.expiresAt };
      conn.replay = (pages) => commits.send(outbox, () => pages()?.map((f) => JSON.stringify(f)) ?? null);
      ws.data.conn = conn;
      ws.data.helloTimer = setTimeout(() => helloDeadline(ws), config.helloTimeoutMs);
    },
    message(ws: Socket, message: string | Buffer) {
      const conn = ws.data.conn;
      if (!conn) return;
      const frame = decode(message);
      // Over the rate, a frame is refused here and now: a flood does not fill the next batch.
      if (app.chat.admit(conn, frame)) commits.add(() => app.chat.handle(conn, frame), () => ws.close(CLOSE_CODES.notStored, "not stored, send again"));
    },
    drain(ws: Socket) {
      ws.data.outbox?.drain();
    },
    close(ws: Socket) {
      slots.release(ws.data.slot);
      clearTimeout(ws.data.helloTimer);
      ws.data.outbox?.closed();
      const conn = ws.data.conn;
      if (!conn) return;
      ws.data.conn = undefined;
      // After the frames that arrived before the close (a hello must not come after its disconnect).
      commits.flushNow();
      app.chat.disconnect(conn);
    },
  });

  type Server = { upgrade(req: Request, opts: { data: SocketData }): boolean; requestIP(req: Request): { address: string } | null };
  const endpoint = (kind: "visitor" | "agent") => {
    const h = handlers(kind);
    return ({ request, server }: { request: Request; server: Server | null }) => {
      const peer = server?.requestIP(request)?.address ?? "";
      const refuse = (status: number, code: string) => failure(buildReq(app, { request, ip: peer }), { api: true }, status, code);
      let session: Session | null = null;
      if (kind === "agent") {
        // A browser always names the page's origin on an upgrade; the agent's cookie goes along from
        // any page of the same site (another port, a subdomain), so only our own origin may use it.
        // Without Origin the client is not a browser (tools, tests), which carries no one's cookie by itself.
        const origin = request.headers.get("origin");
        if (origin && origin !== requestOrigin(config.publicUrl, config.trustedProxies, request, peer) && origin !== new URL(request.url).origin) return refuse(403, "csrf_origin");
        session = findSession(app.db, readCookie(request, SESSION_COOKIE));
        // An admin who must still confirm their email reaches nothing of the console (docs/platform.md).
        if (session && mustConfirmEmail(app.db, config.mode, session.user.id)) return refuse(403, "email_unconfirmed");
      }
      const address = clientAddress(config.trustedProxies, request.headers, peer);
      // A signed-in agent's sockets count as theirs (an office's agents share one address); all others by address.
      const slot = session ? `agent:${session.user.id}` : `address:${address}`;
      if (!slots.take(slot, config.socketsPerAddress)) return refuse(429, "too_many_sockets");
      const userAgent = request.headers.get("user-agent") ?? "";
      if (server?.upgrade(request, { data: { ...h, userAgent, address, session, slot } })) return;
      slots.release(slot);
      return new Response("expected a WebSocket upgrade", { status: 426, headers: { upgrade: "websocket" } });
    };
  };

  return new Elysia({ name: "chat-sockets" }).get("/ws/visitor", endpoint("visitor") as any).get("/ws/agent", endpoint("agent") as any);
}
