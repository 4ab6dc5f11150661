// The browser's root component: the shared Workspace view fed from the store, plus the few DOM
// behaviours a pure view cannot have (scrolling, focus, closing the status menu).
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import type { WorkspaceActions, WorkspaceState } from "../../../views/workspace/model";
import type { WorkspaceTranslate } from "../../../views/workspace/translate";
import { Workspace } from "../../../views/workspace/Workspace";
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

export function App(props: { store: WorkspaceStore; t: WorkspaceTranslate; actions: WorkspaceActions; root: HTMLElement }) {
  const state = useStoreState(props.store);
  useTranscriptScroll(props.root, state);
  useFocusReplyOnOpen(props.root, state.openId);
  useCloseMenuOnOutsideClick(props.root, state.statusMenuOpen, props.actions);
  useDialogFocus(props.root, state.transfer?.load ?? null);
  useConfirmFocus(props.root, state.confirmClose);
  useEffect(() => {
    props.root.dataset.alert = String(state.alerts);
  }, [state.alerts]);
  return <Workspace state={state} t={props.t} actions={props.actions} />;
}

function useTranscriptScroll(root: HTMLElement, state: WorkspaceState): void {
  const last = useRef<{ openId: string | null; scrollHeight: number }>({ openId: null, scrollHeight: 0 });
  const id = state.openId;
  const count = (id ? (state.transcripts[id]?.messages.length ?? 0) + (state.pending[id]?.length ?? 0) : 0) + (id && state.visitorTyping[id] ? 1 : 0);
  useLayoutEffect(() => {
    const el = root.querySelector<HTMLElement>("[data-scroll=transcript]");
    if (!el) return;
    const wasAtBottom = el.scrollTop + el.clientHeight >= last.current.scrollHeight - STICKY_BOTTOM_PX;
    // A newly opened conversation starts at its latest message; an agent reading older
    // messages is not yanked down by a new one.
    if (last.current.openId !== id || wasAtBottom) el.scrollTop = el.scrollHeight;
    last.current = { openId: id, scrollHeight: el.scrollHeight };
  }, [id, count]);
}

function useFocusReplyOnOpen(root: HTMLElement, openId: string | null): void {
  useEffect(() => {
    if (!openId) return;
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
