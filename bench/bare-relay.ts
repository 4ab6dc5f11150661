// The baseline for `bun bench/load.ts --saturate`: the least a chat relay on this stack can do per
// message. Bun.serve WebSockets speaking the same frames as Parley (so the same load generator
// drives it), and for each visitor message: one JSON.parse, one SQLite insert (bun:sqlite, WAL,
// synchronous=NORMAL, prepared statement, autocommit), an ack to the visitor and the message to
// the visitor's paired agent socket. No auth, no routing rules, no dedup, no conversation rows.
//
//   bun bench/bare-relay.ts --port 9001 --data /tmp/bare
import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { port: { type: "string", default: "9001" }, data: { type: "string", default: "/tmp/parley-bare-relay" } } });
mkdirSync(values.data!, { recursive: true });

const db = new Database(join(values.data!, "bare.sqlite"), { create: true, strict: true });
db.exec("PRAGMA journal_mode = WAL");
db.exec("PRAGMA synchronous = NORMAL");
db.exec(
  "CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY, conversation_id TEXT NOT NULL, seq INTEGER NOT NULL, client_id TEXT, body TEXT NOT NULL, created_at INTEGER NOT NULL)",
);
const insert = db.prepare("INSERT INTO messages (conversation_id, seq, client_id, body, created_at) VALUES (?, ?, ?, ?, ?)");

interface SocketData {
  kind: "visitor" | "agent";
  /** visitors: their conversation id, paired agent and last seq */
  conversationId?: string;
  agent?: ServerWebSocket;
  seq: number;
}
type ServerWebSocket = import("bun").ServerWebSocket<SocketData>;

const agents: ServerWebSocket[] = [];
let nextAgent = 0;
let nextConversation = 0;

const server = Bun.serve<SocketData>({
  hostname: "127.0.0.1",
  port: Number(values.port),
  fetch(req, srv) {
    const path = new URL(req.url).pathname;
    if (path === "/healthz") return Response.json({ status: "ok" });
    if (path === "/ws/visitor" || path === "/ws/agent") {
      if (srv.upgrade(req, { data: { kind: path === "/ws/agent" ? "agent" : "visitor", seq: 0 } })) return undefined;
      return new Response("upgrade failed", { status: 400 });
    }
    return new Response("not found", { status: 404 });
  },
  websocket: {
    maxPayloadLength: 64 * 1024,
    idleTimeout: 60,
    message(ws, raw) {
      const f = JSON.parse(String(raw));
      const d = ws.data;
      if (f.type === "hello") {
        if (d.kind === "agent") agents.push(ws);
        else {
          d.conversationId = `cnv_${(nextConversation++).toString(36)}`;
          d.agent = agents.length ? agents[nextAgent++ % agents.length] : undefined;
        }
        ws.send(JSON.stringify({ type: "welcome", protocol: 1 }));
        return;
      }
      if (f.type === "status") return void ws.send(JSON.stringify({ type: "status", status: f.status }));
      if (f.type !== "message" || d.kind !== "visitor") return;
      const at = Date.now();
      const seq = ++d.seq;
      const id = Number(insert.run(d.conversationId!, seq, f.clientId, f.text, at).lastInsertRowid);
      ws.send(JSON.stringify({ type: "ack", clientId: f.clientId, conversationId: d.conversationId, id, seq, at, duplicate: false }));
      d.agent?.send(
        JSON.stringify({ type: "message", conversationId: d.conversationId, id, seq, clientId: f.clientId, from: "visitor", authorName: null, text: f.text, at }),
      );
    },
    close(ws) {
      if (ws.data.kind === "agent") agents.splice(agents.indexOf(ws), 1);
    },
  },
});

const stop = () => {
  server.stop(true);
  db.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
