// WebSocket endpoints: /ws/visitor and /ws/agent. This layer only opens, decodes and closes;
// src/chat/service.ts decides what each frame does.
import { Elysia } from "elysia";
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

type RawSocket = { send(data: string): number; close(code?: number, reason?: string): void };

export function chatSockets(app: AppContext) {
  const connections = new WeakMap<object, Connection>();
  const commits = new GroupCommit(app.db);
  // Serialised now: the frame as it is when it is sent, not as it may be once the batch commits.
  const sender = (raw: RawSocket) => (frame: ServerFrame) => commits.send(raw, JSON.stringify(frame));

  const handlers = (kind: "visitor" | "agent") => ({
    open(ws: any) {
      const request: Request = ws.data.request;
      const userAgent = request.headers.get("user-agent") ?? "";
      let user;
      if (kind === "agent") {
        // Agents are known by their session cookie at upgrade; the socket lives on with that identity.
        user = findSession(app.db, readCookie(request, SESSION_COOKIE))?.user;
        // The agent socket is the workspace's: the same permission rule as its routes (src/http/guard.ts).
        const verdict = mayUse(user ?? null, AGENT_SOCKET_ACCESS);
        if (verdict !== "ok") {
          const code = verdict === "sign_in" ? "unauthorized" : "forbidden";
          ws.raw.send(JSON.stringify({ type: "error", code, reason: verdict === "sign_in" ? "sign in first" : "your role does not grant the workspace" }));
          ws.raw.close(verdict === "sign_in" ? 4401 : 4403, code);
          return;
        }
      }
      connections.set(ws.raw, newConnection(kind, sender(ws.raw), userAgent, user, (code, reason) => ws.raw.close(code, reason)));
    },
    message(ws: any, message: unknown) {
      const conn = connections.get(ws.raw);
      if (conn) commits.add(() => app.chat.receive(conn, message), () => ws.raw.close(1011, "not stored, send again"));
    },
    close(ws: any) {
      const conn = connections.get(ws.raw);
      if (!conn) return;
      connections.delete(ws.raw);
      // After the frames that arrived before the close (a hello must not come after its disconnect).
      commits.flushNow();
      app.chat.disconnect(conn);
    },
  });

  const options = {
    // Bun closes sockets that send frames over this (1009); smaller frames over our own limits get an error frame.
    maxPayloadLength: LIMITS.maxPayloadBytes,
    // Bun pings idle sockets and closes those that stop answering: dead peers are found within this time.
    idleTimeout: 60,
    sendPings: true,
  };

  return new Elysia({ name: "chat-sockets" }).ws("/ws/visitor", { ...options, ...handlers("visitor") }).ws("/ws/agent", { ...options, ...handlers("agent") });
}
