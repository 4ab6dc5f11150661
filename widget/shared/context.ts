// The contract between the loader (widget.js, on every page) and the lazily loaded chat window
// (widget-window.js). They meet through the one global the widget defines, `window.Parley`.
// Both bundles are built and deployed together, but a browser may hold a cached loader with a
// newer window, so the window checks `v` before using the context.
import type { WidgetConfig } from "../../common/protocol";

export const CONTEXT_VERSION = 1;

export interface WidgetContext {
  v: number;
  /** where the Parley server lives: the widget.js URL without "/widget.js" (may carry a path prefix) */
  origin: string;
  site: string;
  visitorId: string;
  config: WidgetConfig;
  /** the open shadow root that holds everything the widget shows */
  root: ShadowRoot;
  /** the element inside the shadow root the window renders into */
  mount: HTMLElement;
  /** remembers the visitor's language choice and fetches the config's strings in it */
  setLang(lang: string): Promise<WidgetConfig>;
  /** the window reports open/closed: the launcher reacts and the state survives navigation */
  opened(open: boolean): void;
  /** the window reports agent messages that arrived while it was closed */
  unread(count: number): void;
  /** the visitor is blocked (黑名单): the widget empties itself and stays inert on this page */
  blocked?(): void;
  /** the window registers itself once its script has run */
  attach(win: ChatWindowApi): void;
  /** an agent's invitation to chat, from the beacon (src/visitors): the window shows it once */
  invite?: { agentName: string; greeting: string } | null;
}

export interface ChatWindowApi {
  open(): void;
  close(): void;
  /** ctx.invite was set: show it and open */
  invited?(): void;
}

/** `window.Parley`: the public API, and the context for the window bundle. */
export interface ParleyGlobal {
  ctx?: WidgetContext;
  open(): void;
  close(): void;
  toggle(): void;
  /**
   * Tells Parley who the host site's signed-in user is (docs/customers.md). `signature` is the
   * HMAC-SHA256 (hex) of `id` with the site's identity secret, computed on the host's server;
   * resolves true when it was accepted. A wrong signature is ignored: the visitor chats on.
   */
  identify(user: { id: string; name?: string; email?: string; phone?: string; signature: string }): Promise<boolean>;
}

declare global {
  interface Window {
    Parley?: ParleyGlobal;
  }
}
