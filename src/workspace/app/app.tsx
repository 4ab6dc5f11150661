// The browser's root component: the shared Workspace view fed from the store, plus the few DOM
// behaviours a pure view cannot have (scrolling, focus, closing the status menu).
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import type { WorkspaceActions, WorkspaceState } from "./model";
import type { WorkspaceTranslate } from "./translate";
import { Workspace } from "./workspace";
import type { WorkspaceStore } from "./store";

/** Within this many pixels of the bottom, new messages keep the transcript scrolled down. */
const STICKY_BOTTOM_PX = 80;

function useStoreState(store: WorkspaceStore): WorkspaceState {
  const [state, setState] = useState(store.get());
  useEffect(() => {
    const unsubscribe = store.subscribe(setState);
    // Catch anything that changed between the first render and this subscription.
    setState(store.get());
    return unsubscribe;
  }, [store]);
  return state;
}

export function App(props: { store: WorkspaceStore; t: WorkspaceTranslate; actions: WorkspaceActions; root: HTMLElement; openNeighbour: (step: 1 | -1) => string | null }) {
  const state = useStoreState(props.store);
  useTranscriptScroll(props.root, state);
  // The conversation last opened by j / k: its reply box is not focused (useFocusReplyOnOpen).
  const openedByKey = useRef<string | null>(null);
  useShortcuts(props.root, props.store, props.actions, props.openNeighbour, openedByKey);
  useHelpFocus(props.root, state.help);
  useFocusReplyOnOpen(props.root, state.openId, openedByKey);
  useCloseMenuOnOutsideClick(props.root, state.statusMenuOpen, props.actions);
  useDialogFocus(props.root, state.transfer?.load ?? null);
  useConfirmFocus(props.root, state.confirmClose);
  useEffect(() => {
    props.root.dataset.alert = String(state.alerts);
  }, [state.alerts]);
  return <Workspace state={state} t={props.t} actions={props.actions} />;
}

function useTranscriptScroll(root: HTMLElement, state: WorkspaceState): void {
  const last = useRef<{ openId: string | null; scrollHeight: number; firstId: number | null }>({ openId: null, scrollHeight: 0, firstId: null });
  const id = state.openId;
  const messages = id ? state.transcripts[id]?.messages : undefined;
  const firstId = messages?.[0]?.id ?? null;
  const count = (id ? (messages?.length ?? 0) + (state.pending[id]?.length ?? 0) : 0) + (id && state.visitorTyping[id] ? 1 : 0);
  useLayoutEffect(() => {
    const el = root.querySelector<HTMLElement>("[data-scroll=transcript]");
    if (!el) return;
    const before = last.current;
    const wasAtBottom = el.scrollTop + el.clientHeight >= before.scrollHeight - STICKY_BOTTOM_PX;
    // Earlier messages went in above: the ones on screen stay where they were.
    const prepended = before.openId === id && before.firstId !== null && firstId !== before.firstId && before.scrollHeight > 0;
    if (prepended) el.scrollTop += el.scrollHeight - before.scrollHeight;
    // A newly opened conversation starts at its latest message; an agent reading older
    // messages is not yanked down by a new one.
    else if (before.openId !== id || wasAtBottom) el.scrollTop = el.scrollHeight;
    last.current = { openId: id, scrollHeight: el.scrollHeight, firstId };
  }, [id, count, firstId, state.pane]);
}

/** Typing in a field (the composer, the transfer note, a search): shortcuts stay out of the way. */
function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
}

/**
 * The workspace's keyboard shortcuts (listed by the `?` overlay, src/workspace/app/shortcut-help.tsx):
 * j / k next and previous conversation, r the reply box, / the reply box with the quick replies'
 * picker, e end the chat, t transfer it, Escape back to the list on a phone or out of the help.
 */
function useShortcuts(root: HTMLElement, store: WorkspaceStore, actions: WorkspaceActions, openNeighbour: (step: 1 | -1) => string | null, openedByKey: { current: string | null }): void {
  useEffect(() => {
    // Any click or tap opens the usual way (reply box focused).
    const onPointer = () => (openedByKey.current = null);
    const reply = () => root.querySelector<HTMLTextAreaElement>("[data-testid=reply-input]:not(:disabled)");
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
      const s = store.get();
      if (e.key === "Escape" && s.help) {
        e.preventDefault();
        return actions.toggleHelp(false);
      }
      // The transfer dialog closes on Escape even before its focus moved in (the dialog's own key handler comes first once it has).
      if (e.key === "Escape" && s.transfer) {
        e.preventDefault();
        return actions.closeTransfer();
      }
      // Escape in the reply box leaves it, so that the shortcuts work again (the picker's own Escape comes first).
      if (e.key === "Escape" && (e.target as HTMLElement | null)?.getAttribute?.("data-testid") === "reply-input") {
        (e.target as HTMLElement).blur();
        return;
      }
      if (isTyping(e.target) || s.transfer) return;
      const open = s.openId;
      switch (e.key) {
        case "?":
          e.preventDefault();
          return actions.toggleHelp();
        case "j":
        case "k":
          e.preventDefault();
          openedByKey.current = openNeighbour(e.key === "j" ? 1 : -1);
          return;
        case "r": {
          const box = reply();
          if (!box) return;
          e.preventDefault();
          actions.showPane("chat");
          return box.focus();
        }
        case "/": {
          // The composer's own "/" opens the quick replies: type it there.
          const box = reply();
          if (!box) return;
          e.preventDefault();
          actions.showPane("chat");
          box.focus();
          if (!box.value) {
            box.value = "/";
            box.dispatchEvent(new Event("input", { bubbles: true }));
          }
          return;
        }
        case "e":
          if (!open) return;
          e.preventDefault();
          return root.querySelector<HTMLButtonElement>("[data-testid=close-conversation]:not(:disabled)")?.click();
        case "t":
          if (!open) return;
          e.preventDefault();
          return root.querySelector<HTMLButtonElement>("[data-testid=transfer]:not(:disabled)")?.click();
        case "Escape":
          if (s.pane !== "list") actions.showPane(s.pane === "visitor" ? "chat" : "list");
          return;
      }
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer, true);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer, true);
    };
  }, [root, store, actions, openNeighbour]);
}

/** The help overlay takes focus when it opens and gives it back when it closes. */
function useHelpFocus(root: HTMLElement, open: boolean): void {
  const before = useRef<HTMLElement | null>(null);
  useEffect(() => {
    if (open) {
      before.current = document.activeElement as HTMLElement | null;
      root.querySelector<HTMLElement>("[data-testid=shortcut-help]")?.focus();
    } else if (before.current) {
      before.current.focus?.();
      before.current = null;
    }
  }, [open]);
}

/**
 * A conversation opened by a click gets the reply box focused. Not one opened by j / k (the next key
 * would be typed into it instead of moving on), nor on a touch screen (the keyboard would cover the
 * transcript the agent has not read yet).
 */
function useFocusReplyOnOpen(root: HTMLElement, openId: string | null, openedByKey: { current: string | null }): void {
  useEffect(() => {
    if (!openId || openId === openedByKey.current || matchMedia("(pointer: coarse)").matches) return;
    root.querySelector<HTMLTextAreaElement>("[data-testid=reply-input]")?.focus({ preventScroll: true });
  }, [openId]);
}

/**
 * The transfer dialog takes focus when it opens (its first choice once loaded) and gives it back to
 * the Transfer button when it closes; Tab stays inside meanwhile (TransferDialog's key handler).
 */
function useDialogFocus(root: HTMLElement, load: "loading" | "loaded" | "failed" | null): void {
  const wasOpen = useRef(false);
  useEffect(() => {
    const dialog = root.querySelector<HTMLElement>("[data-testid=transfer-dialog]");
    if (dialog) {
      wasOpen.current = true;
      if (dialog.contains(document.activeElement)) return;
      const first = dialog.querySelector<HTMLElement>("form:not([hidden]) :is(input:not(:disabled), textarea, button:not(:disabled))");
      (first ?? dialog).focus();
    } else if (wasOpen.current) {
      wasOpen.current = false;
      root.querySelector<HTMLElement>("[data-testid=transfer]")?.focus();
    }
  }, [load]);
}

/** Asking "end this chat?" moves focus to the answer; answering "no" returns it to End chat. */
function useConfirmFocus(root: HTMLElement, confirming: string | null): void {
  const asked = useRef(false);
  useEffect(() => {
    if (confirming) {
      asked.current = true;
      root.querySelector<HTMLElement>("[data-testid=confirm-close]")?.focus();
    } else if (asked.current) {
      asked.current = false;
      root.querySelector<HTMLElement>("[data-testid=close-conversation]")?.focus();
    }
  }, [confirming]);
}

function useCloseMenuOnOutsideClick(root: HTMLElement, open: boolean, actions: WorkspaceActions): void {
  useEffect(() => {
    if (!open) return;
    const onClick = (e: MouseEvent) => {
      if (!(e.target as Element | null)?.closest?.(".ws-status")) actions.toggleStatusMenu();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") actions.toggleStatusMenu();
    };
    document.addEventListener("click", onClick, true);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("click", onClick, true);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);
}
