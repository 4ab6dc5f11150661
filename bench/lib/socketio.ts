// The load generator's side of the Socket.IO peer (bench/socketio-peer): Engine.IO 4 / Socket.IO 5
// packets over the same lean WebSocket client, translated to and from the frames LoadGen speaks, so
// the one generator drives all three servers with the same closed loop and the same per-frame cost.
//
//   server "0{…}" (open)        → client "40{"role":…}" (join the default namespace with auth)
//   server "40{…}" (joined)     → the caller's `open` (it then says hello: answered here with welcome)
//   client {"type":"message",…} → "42<n>["message",{…}]" (an event with ack id n)
//   server "43<n>[{…}]" (ack)   → {"type":"ack",…}
//   server "42["message",{…}]"  → {"type":"message",…}
//   server "2" (ping)           → client "3" (pong)
import { connectWs, type ClientKind, type WsClient, type WsHandlers } from "./ws";

const EVENT_MESSAGE = '42["message",';

export function connectSocketIo(kind: ClientKind, port: number, path: string, headers: Record<string, string>, h: WsHandlers): WsClient {
  const role = path.endsWith("/agent") ? "agent" : "visitor";
  let ackId = 0;
  const ws: WsClient = connectWs(kind, port, "/socket.io/?EIO=4&transport=websocket", headers, {
    open: () => {},
    close: (why) => h.close(why),
    text: (s) => {
      const c = s.charCodeAt(0);
      if (c === 52 /* 4 */) {
        const k = s.charCodeAt(1);
        if (k === 51 /* 43: ack */) {
          const body = s.slice(s.indexOf("[") + 1, -1);
          return h.text(body.includes('"error"') ? `{"type":"error","code":"bad_frame",${body.slice(1)}` : `{"type":"ack",${body.slice(1)}`);
        }
        if (k === 50 /* 42: event */ && s.startsWith(EVENT_MESSAGE)) return h.text(`{"type":"message",${s.slice(EVENT_MESSAGE.length + 1, -1)}`);
        if (k === 48 /* 40: joined */) return h.open();
        if (k === 52 /* 44: refused */) return h.close(`namespace refused: ${s.slice(2)}`);
        return;
      }
      if (c === 48 /* 0: Engine.IO open */) return ws.send(`40${JSON.stringify({ role })}`);
      if (c === 50 /* 2: ping */) return ws.send("3");
    },
  });
  return {
    send(text) {
      if (text.startsWith('{"type":"message",')) return ws.send(`42${ackId++}["message",{${text.slice(18)}]`);
      // hello and status have no counterpart: the peer pairs sockets on connect and has no presence
      const f = JSON.parse(text);
      if (f.type === "hello") queueMicrotask(() => h.text('{"type":"welcome","protocol":1}'));
      else if (f.type === "status") queueMicrotask(() => h.text(JSON.stringify({ type: "status", status: f.status })));
    },
    close: () => ws.close(),
  };
}
