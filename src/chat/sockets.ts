// WebSocket endpoints: /ws/visitor and /ws/agent. This layer only opens, decodes and closes;
// src/chat/service.ts decides what each frame does.
//
// The sockets are Bun's own: the route upgrades the request and hands Bun the handlers in the
// socket's data, which Elysia's server-wide dispatcher calls as they are. Elysia's ws() routes
// wrap every frame in a new socket object with a dozen bound methods and two awaits, which was a
// tenth of a message's cost at load (bench/load.ts --saturate).
import { Elysia } from "elysia";
import type { ServerWebSocket } from "bun";
import { findSession, SESSION_COOKIE } from "../accounts/sessions";
import type { AppContext } from "../http/app-context";
import { readCookie } from "../http/cookies";
import { mayUse } from "../http/guard";
import type { Access } from "../http/route";
import { GroupCommit } from "./group-commit";
import { LIMITS, type ServerFrame } from "./protocol";
import { newConnection, type Connection } from "./service";

/** Who may open the agent socket (and so subscribe to conversations): the workspace module. */
export const AGENT_SOCKET_ACCESS: Access = { module: "workspace" };

/** What Bun keeps with each socket: the handlers Elysia's dispatcher calls, and our connection. */
interface SocketData {
  open(ws: Socket): void;
  message(ws: Socket, message: string | Buffer): void;
  close(ws: Socket): void;
  request: Request;
  conn?: Connection;
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
  const commits = new GroupCommit(app.db);
  // Serialised now: the frame as it is when it is sent, not as it may be once the batch commits.
  const sender = (ws: Socket) => (frame: ServerFrame) => commits.send(ws, JSON.stringify(frame));

  const handlers = (kind: "visitor" | "agent") => ({
    open(ws: Socket) {
      const request = ws.data.request;
      const userAgent = request.headers.get("user-agent") ?? "";
      let user;
      let session;
      if (kind === "agent") {
        // Agents are known by their session cookie at upgrade; the socket lives on with that identity.
        session = findSession(app.db, readCookie(request, SESSION_COOKIE));
        user = session?.user;
        // The agent socket is the workspace's: the same permission rule as its routes (src/http/guard.ts).
        const verdict = mayUse(user ?? null, AGENT_SOCKET_ACCESS);
        if (verdict !== "ok") {
          const code = verdict === "sign_in" ? "unauthorized" : "forbidden";
          ws.send(JSON.stringify({ type: "error", code, reason: verdict === "sign_in" ? "sign in first" : "your role does not grant the workspace" }));
          ws.close(verdict === "sign_in" ? 4401 : 4403, code);
          return;
        }
      }
      const conn = (ws.data.conn = newConnection(kind, sender(ws), userAgent, user, (code, reason) => ws.close(code, reason)));
      // The socket ends with the session it opened with (sign-out, password change, expiry).
      if (session) conn.session = { id: session.id, expiresAt: session.expiresAt };
    },
    message(ws: Socket, message: string | Buffer) {
      const conn = ws.data.conn;
      if (conn) commits.add(() => app.chat.receive(conn, decode(message)), () => ws.close(1011, "not stored, send again"));
    },
    close(ws: Socket) {
      const conn = ws.data.conn;
      if (!conn) return;
      ws.data.conn = undefined;
      // After the frames that arrived before the close (a hello must not come after its disconnect).
      commits.flushNow();
      app.chat.disconnect(conn);
    },
  });

  const endpoint = (kind: "visitor" | "agent") => {
    const h = handlers(kind);
    return ({ request, server }: { request: Request; server: { upgrade(req: Request, opts: { data: SocketData }): boolean } | null }) => {
      if (server?.upgrade(request, { data: { ...h, request } })) return;
      return new Response("expected a WebSocket upgrade", { status: 426, headers: { upgrade: "websocket" } });
    };
  };

  return new Elysia({ name: "chat-sockets" }).get("/ws/visitor", endpoint("visitor") as any).get("/ws/agent", endpoint("agent") as any);
}
