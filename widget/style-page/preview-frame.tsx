// The style page's live preview (static/build/style-preview.js), inside a frame as wide as a
// desktop or a phone: the widget's own launcher, stylesheets and chat window, drawn from the
// site's config with a sample conversation and no connection. The style page posts the admin's
// unsaved choices here ({type: "parley-style", style}), and the frame redraws with them.
import { render } from "preact";
import type { ChatConnection } from "../../common/chat-client";
import type { WidgetConfig } from "../../common/protocol";
import { createHost } from "../loader/host";
import { createLauncher } from "../loader/launcher";
import { adoptCss, applyLooks, MOBILE } from "../loader/looks";
import { LOADER_CSS } from "../loader/styles";
import { CONTEXT_VERSION, type WidgetContext } from "../shared/context";
import { App } from "../window/app";
import { ChatSession } from "../window/chat-session";
import { LEAVE_MESSAGE_CSS } from "../window/leave-message";
import { WINDOW_CSS } from "../window/styles";

/** A connection that never connects: the preview's session only draws. */
const offline = {
  lastSeqs: {},
  on: () => () => {},
  send: () => false,
  sendMessage: () => new Promise(() => {}),
  forget: () => {},
} as unknown as ChatConnection;

function start(): void {
  const data = document.body.dataset;
  const config: WidgetConfig = JSON.parse(document.getElementById("parley-config")!.textContent!);
  const open = data.open === "1";
  const root = createHost();
  adoptCss(root, LOADER_CSS + WINDOW_CSS + LEAVE_MESSAGE_CSS);
  const mount = document.createElement("div");
  // A picture of the widget: nothing in it takes focus from the style page or reacts to clicks.
  mount.inert = true;
  root.append(mount);
  const launcher = createLauncher(mount, () => {});
  const ctx: WidgetContext = {
    v: CONTEXT_VERSION,
    origin: location.origin,
    site: config.site,
    visitorId: "preview-visitor-0000000000",
    config,
    root,
    mount,
    setLang: async () => config,
    opened: () => {},
    unread: () => {},
    attach: () => {},
  };
  const draw = () => applyLooks(mount, launcher, ctx.config, open);
  draw();
  matchMedia(MOBILE).addEventListener("change", draw);
  addEventListener("message", (e) => {
    if (e.origin !== location.origin || e.data?.type !== "parley-style") return;
    ctx.config = { ...ctx.config, style: e.data.style };
    draw();
  });
  if (!open) return;

  launcher.setExpanded(true);
  const session = new ChatSession(ctx, () => offline);
  const now = Date.now();
  session.state = "open";
  session.online = true;
  session.agentName = data.agentName ?? null;
  session.items = [
    { key: "v1", from: "visitor", text: data.visitor ?? "", at: now - 60_000, id: 1, seq: 1 },
    { key: "a1", from: "agent", text: data.agent ?? "", at: now, authorName: data.agentName ?? null, id: 2, seq: 2 },
  ];
  session.readSeq = 1;
  const container = document.createElement("div");
  mount.append(container);
  render(<App ctx={ctx} session={session} open onClose={() => {}} />, container);
}

start();
