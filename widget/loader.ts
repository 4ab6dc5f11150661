// The embed loader (static/build/widget.js), pasted into customers' pages as
//   <script src="{origin}/widget.js" data-site="{siteKey}" async></script>
// It stays tiny: it reads the config, shows the launcher, and loads the chat window only when the
// visitor asks for it (or was chatting on the previous page of this tab). Nothing else: no socket.
import type { WidgetConfig } from "../common/protocol";
import { CONTEXT_VERSION, type ChatWindowApi, type WidgetContext } from "./shared/context";
import { fetchConfig, preferredLang } from "./shared/config";
import { KEYS, readStored, writeStored } from "./shared/storage";
import { findOwnScript } from "./loader/script-tag";
import { visitorId } from "./loader/visitor-id";
import { createHost } from "./loader/host";
import { createLauncher } from "./loader/launcher";
import { adoptCss, applyLooks, MOBILE } from "./loader/looks";
import { LOADER_CSS } from "./loader/styles";
import { loadWindowScript } from "./loader/window-script";
import { startBeacon } from "./loader/beacon";

function boot(): void {
  // Pages that paste the snippet twice (or a CMS plus a theme) get one widget.
  if (window.Parley) return;
  const script = findOwnScript();
  if (!script) return;

  let ctx: WidgetContext | undefined;
  let win: ChatWindowApi | undefined;
  let wantOpen = false;
  let isOpen = false;
  // A blocked visitor (黑名单): nothing of the widget is shown and nothing opens it again on this page.
  let blocked = false;

  const open = () => {
    if (blocked) return;
    wantOpen = true;
    if (win) win.open();
    else if (ctx) loadWindowScript(ctx.origin);
  };
  const close = () => {
    wantOpen = false;
    win?.close();
  };
  window.Parley = {
    open,
    close,
    toggle: () => (isOpen ? close() : open()),
    identify: (user) =>
      fetch(`${script.origin}/api/widget/identify`, { method: "POST", body: new URLSearchParams({ ...user, site: script.site, vid: visitorId() }) }).then(
        (r) => r.ok,
        () => false,
      ),
  };

  const start = (config: WidgetConfig) => {
    const root = createHost();
    const mount = document.createElement("div");
    adoptCss(root, LOADER_CSS);
    root.append(mount);
    const launcher = createLauncher(mount, () => window.Parley!.toggle());
    const applyStyle = (c: WidgetConfig) => applyLooks(mount, launcher, c, isOpen);
    applyStyle(config);
    // A phone turned sideways, a window made narrow: the other device's style.
    matchMedia(MOBILE).addEventListener?.("change", () => applyStyle(ctx!.config));

    window.Parley!.ctx = ctx = {
      v: CONTEXT_VERSION,
      origin: script.origin,
      site: script.site,
      visitorId: visitorId(),
      config,
      root,
      mount,
      async setLang(lang) {
        writeStored("localStorage", KEYS.lang, lang);
        const next = await fetchConfig(script.origin, script.site, lang);
        ctx!.config = next;
        applyStyle(next);
        return next;
      },
      opened(open) {
        isOpen = open;
        wantOpen = open;
        mount.classList.toggle("open", open);
        launcher.setExpanded(open);
        writeStored("sessionStorage", KEYS.open, open ? "1" : "0");
        // Give keyboard users their place back, but never pull focus out of the host page.
        if (!open && root.activeElement) launcher.button.focus();
      },
      unread: launcher.setUnread,
      blocked() {
        blocked = true;
        win?.close();
        writeStored("sessionStorage", KEYS.open, "0");
        root.replaceChildren();
      },
      attach(w) {
        win = w;
        if (wantOpen) w.open();
      },
    };

    // The live visitors list; an agent's invitation opens the window with their greeting.
    startBeacon(script.origin, script.site, ctx.visitorId, () => ctx!.config.lang, (invite) => {
      ctx!.invite = invite;
      if (win?.invited) win.invited();
      else open();
    }, () => ctx!.blocked!());

    // A visitor who opened the chat on an earlier page of this tab keeps it: open again if it was
    // open, and reconnect (closed) if it was minimised so that replies still reach them.
    const saved = readStored("sessionStorage", KEYS.open);
    if (saved) {
      wantOpen ||= saved === "1";
      loadWindowScript(script.origin);
    } else if (wantOpen) loadWindowScript(script.origin);
  };

  fetchConfig(script.origin, script.site, preferredLang()).then(
    (config) => (document.body ? start(config) : addEventListener("DOMContentLoaded", () => start(config))),
    (err) => console.warn("Parley widget unavailable:", err),
  );
}

boot();
