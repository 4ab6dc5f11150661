// The chat window bundle (static/build/widget-window.js), loaded by the loader on the first click.
// It finds the loader's context on window.Parley, renders into the shadow root and registers itself.
import { render } from "preact";
import { CONTEXT_VERSION, type WidgetContext } from "../shared/context";
import { App } from "./app";
import { ChatSession } from "./chat-session";
import { LEAVE_MESSAGE_CSS } from "./leave-message";
import { ROBOT_CSS } from "./robot";
import { WINDOW_CSS } from "./styles";
import { adoptCss } from "../loader/looks";

function mount(ctx: WidgetContext): void {
  adoptCss(ctx.root, WINDOW_CSS + LEAVE_MESSAGE_CSS + ROBOT_CSS);
  const container = document.createElement("div");
  ctx.mount.append(container);

  const session = new ChatSession(ctx);
  let open = false;
  const setOpen = (next: boolean) => {
    if (next === open) return;
    open = next;
    session.setVisible(next);
    // Tell the loader first: on close it moves focus to the launcher while the input still has it.
    ctx.opened(next);
    draw();
  };
  const draw = () => render(<App ctx={ctx} session={session} open={open} onClose={() => setOpen(false)} />, container);
  draw();
  // An agent's invitation: their greeting as the first bubble, and the window opens.
  const invited = () => {
    const invite = ctx.invite;
    if (!invite) return;
    // Each invitation is shown once.
    ctx.invite = null;
    session.invited(invite);
    setOpen(true);
    draw();
  };
  ctx.attach({ open: () => setOpen(true), close: () => setOpen(false), invited });
  invited();
}

const ctx = window.Parley?.ctx;
// A loader from another release would not speak this contract; a second copy of this script
// (injected by hand) must not mount a second window.
if (ctx && ctx.v === CONTEXT_VERSION && !ctx.mount.querySelector("[data-testid=chat-window]")) mount(ctx);
