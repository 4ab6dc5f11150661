// The Socket.IO peer of `bun bench/load.ts --saturate`: a chat relay as a competent Socket.IO
// developer writes it, to compare Parley with the usual way of building one. Node + socket.io 4 with
// its default engine + better-sqlite3 (WAL, synchronous NORMAL), one process. Per visitor message it
// does what a chat server minimally must: validate, insert, ack with the stored id, emit to the
// conversation's agent. No auth, routing rules, dedup or conversation rows (like the bare relay).
//
//   node bench/socketio-peer/server.mjs --port 9002 --data /tmp/peer
//
// Visitors and agents connect to the default namespace with `auth: {role: "visitor" | "agent"}`;
// each visitor is paired with an agent, round robin, when it connects.
import { createServer } from "node:http";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { Server } from "socket.io";

const { values } = parseArgs({ options: { port: { type: "string", default: "9002" }, data: { type: "string", default: "/tmp/parley-socketio-peer" } } });
mkdirSync(values.data, { recursive: true });

const db = new Database(join(values.data, "peer.sqlite"));
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.exec(
  "CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY, conversation_id TEXT NOT NULL, seq INTEGER NOT NULL, client_id TEXT, body TEXT NOT NULL, created_at INTEGER NOT NULL)",
);
const insert = db.prepare("INSERT INTO messages (conversation_id, seq, client_id, body, created_at) VALUES (?, ?, ?, ?, ?)");

const http = createServer((req, res) => {
  if (req.url === "/healthz") {
    res.writeHead(200, { "content-type": "application/json" });
    return res.end('{"status":"ok"}');
  }
  res.writeHead(404);
  res.end();
});
const io = new Server(http, { serveClient: false, maxHttpBufferSize: 64 * 1024 });

const agents = [];
let nextAgent = 0;
let nextConversation = 0;

io.on("connection", (socket) => {
  if (socket.handshake.auth?.role === "agent") {
    agents.push(socket.id);
    socket.on("disconnect", () => agents.splice(agents.indexOf(socket.id), 1));
    return;
  }
  const conversationId = `cnv_${(nextConversation++).toString(36)}`;
  const agentId = agents.length ? agents[nextAgent++ % agents.length] : null;
  let seq = 0;
  socket.on("message", (msg, ack) => {
    if (typeof ack !== "function") return;
    if (!msg || typeof msg.clientId !== "string" || msg.clientId.length > 64 || typeof msg.text !== "string" || !msg.text || msg.text.length > 4000)
      return ack({ error: "bad_frame" });
    const at = Date.now();
    seq += 1;
    const id = Number(insert.run(conversationId, seq, msg.clientId, msg.text, at).lastInsertRowid);
    ack({ clientId: msg.clientId, conversationId, id, seq, at });
    if (agentId) io.to(agentId).emit("message", { conversationId, id, seq, clientId: msg.clientId, from: "visitor", text: msg.text, at });
  });
});

http.listen(Number(values.port), "127.0.0.1");
const stop = () => {
  io.close();
  db.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
