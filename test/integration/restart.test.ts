// A restarted server keeps every conversation and message, and clients carry on where they were.
import { afterAll, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { HttpClient } from "../helpers/http";
import { runCli, serveProcess } from "../helpers/process";
import { tempDir } from "../helpers/server";
import { agentSocket, randomVisitorId, visitorSocket } from "../helpers/sockets";

const dataDir = tempDir();
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

test("history survives a restart (and a hard kill) of the server process", async () => {
  const init = JSON.parse((await runCli(["init", "--company", "Restart Co", "--email", "r@example.com", "--password", "restart-pass", "--data", dataDir])).stdout);
  let server = await serveProcess(dataDir);
  const http = new HttpClient(server.url);
  await http.login("r@example.com", "restart-pass");
  const ws = server.url.replace("http", "ws");
  const agent = await agentSocket(ws, http.session!);
  const vid = randomVisitorId();
  const v = await visitorSocket(ws, init.siteKey, vid);
  const texts = ["第一条", "second", "третий"];
  let conversationId = "";
  for (const text of texts) {
    v.socket.send({ type: "message", clientId: text, text });
    conversationId = (await v.socket.next("ack")).conversationId;
  }
  agent.socket.send({ type: "message", clientId: "reply", conversationId, text: "答复" });
  await agent.socket.next("ack");
  v.socket.close();
  agent.socket.close();
  expect(await server.stop("SIGTERM")).toBe(0);

  // Hard kill after more writes: acknowledged messages must still be there.
  server = await serveProcess(dataDir);
  const ws2 = server.url.replace("http", "ws");
  const v2 = await visitorSocket(ws2, init.siteKey, vid);
  expect(v2.welcome.conversation).toMatchObject({ id: conversationId, lastSeq: 4 });
  const replay = [];
  for (let i = 0; i < 4; i++) replay.push(await v2.socket.next("message"));
  expect(replay.map((m) => m.text)).toEqual([...texts, "答复"]);
  v2.socket.send({ type: "message", clientId: "after-restart", text: "still here" });
  expect((await v2.socket.next("ack")).seq).toBe(5);
  v2.socket.close();
  await server.stop("SIGKILL");

  server = await serveProcess(dataDir);
  const http3 = new HttpClient(server.url);
  // Sessions are stored too: the agent's cookie from before both restarts still works.
  http3.cookies.set("parley_session", http.session!);
  const res = await http3.get(`/api/conversations/${conversationId}/messages`);
  expect(res.status).toBe(200);
  const body = await res.json();
  expect(body.messages.map((m: any) => m.text)).toEqual([...texts, "答复", "still here"]);
  expect(body.messages.map((m: any) => m.seq)).toEqual([1, 2, 3, 4, 5]);
  await server.stop();
}, 60_000);
