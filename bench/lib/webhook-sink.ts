// A webhook receiver for bench/load.ts --webhooks N: answers every POST 204 at once and counts,
// in its own process so that it takes no CPU from the load generator. GET /count → the count.
const port = Number(process.argv[process.argv.indexOf("--port") + 1]);
let received = 0;
Bun.serve({
  port,
  hostname: "127.0.0.1",
  async fetch(req) {
    const path = new URL(req.url).pathname;
    if (path === "/healthz") return new Response("ok");
    if (path === "/count") return Response.json({ received });
    await req.arrayBuffer();
    received++;
    return new Response(null, { status: 204 });
  },
});
