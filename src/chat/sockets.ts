// WebSocket endpoints: /ws/visitor and /ws/agent. This layer only opens, decodes and closes;
// src/chat/service.ts decides what each frame does.
import { Elysia } from "elysia";
import { findSession, SESSION_COOKIE } from "../accounts/sessions";
import type { AppContext } from "../http/app-context";
import { readCookie } from "../http/cookies";
import { LIMITS, type ServerFrame } from "./protocol";
import { newConnection, type Connection } from "./service";

type RawSocket = { send(data: string): number; close(code?: number, reason?: string): void };

export function chatSockets(app: AppContext) {
  const connections = new WeakMap<object, Connection>();
  const sender = (raw: RawSocket) => (frame: ServerFrame) => void raw.send(JSON.stringify(frame));

  const handlers = (kind: "visitor" | "agent") => ({
    open(ws: any) {
      const request: Request = ws.data.request;
      const userAgent = request.headers.get("user-agent") ?? "";
      let user;
      if (kind === "agent") {
        // Agents are known by their session cookie at upgrade; the socket lives on with that identity.
        user = findSession(app.db, readCookie(request, SESSION_COOKIE))?.user;
        if (!user) {
          ws.raw.send(JSON.stringify({ type: "error", code: "unauthorized", reason: "sign in first" }));
          ws.raw.close(4401, "unauthorized");
          return;
        }
      }
      connections.set(ws.raw, newConnection(kind, sender(ws.raw), userAgent, user));
    },
    message(ws: any, message: unknown) {
      const conn = connections.get(ws.raw);
      if (conn) app.chat.receive(conn, message);
    },
    close(ws: any) {
      const conn = connections.get(ws.raw);
      if (!conn) return;
      connections.delete(ws.raw);
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
