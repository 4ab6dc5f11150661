// The picker's state for the composer: open while the reply is "/" and a query (no line break), the
// replies loaded once (load.ts) and filtered locally, the highlighted choice, and the keys it takes.
import { useEffect, useMemo, useState } from "preact/hooks";
import type { TargetedKeyboardEvent } from "preact";
import { fillVariables, type ReplyVariables } from "../../../../common/quick-reply-variables";
import { filterReplies, type PickerReply } from "./filter";
import { loadQuickReplies } from "./load";

const NO_VARS: ReplyVariables = { visitor_name: "", agent_name: "", site_name: "" };
const TRIGGER = /^\/([^\n]*)$/;

export function usePicker(draft: string, vars: ReplyVariables | undefined, insert: (text: string) => void) {
  const m = TRIGGER.exec(draft);
  const query = m ? m[1]! : null;
  const [all, setAll] = useState<PickerReply[] | null>(null);
  const [state, setState] = useState<"loading" | "ready" | "failed">("loading");
  const [active, setActive] = useState(0);
  /** Escape closes the picker until the reply stops being a "/" query */
  const [dismissed, setDismissed] = useState(false);
  const open = query !== null && !dismissed;

  useEffect(() => {
    if (query === null) setDismissed(false);
  }, [query === null]);
  useEffect(() => {
    if (!open || all) return;
    let live = true;
    loadQuickReplies().then(
      (list) => live && (setAll(list), setState("ready")),
      () => live && setState("failed"),
    );
    return () => {
      live = false;
    };
  }, [open, all]);
  useEffect(() => setActive(0), [query]);

  const items = useMemo(() => (open && all ? filterReplies(all, query ?? "") : []), [open, all, query]);
  const pick = (r: PickerReply) => insert(fillVariables(r.body, vars ?? NO_VARS));

  /** Handles the picker's keys; true when the key was the picker's (the composer then does nothing). */
  const onKeyDown = (e: TargetedKeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (!open || e.isComposing || e.keyCode === 229) return false;
    if (e.key === "Escape") {
      e.preventDefault();
      setDismissed(true);
      return true;
    }
    if (!items.length) return false;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const n = items.length;
      setActive((i) => (e.key === "ArrowDown" ? (i + 1) % n : (i - 1 + n) % n));
      return true;
    }
    if ((e.key === "Enter" && !e.shiftKey) || e.key === "Tab") {
      e.preventDefault();
      pick(items[Math.min(active, items.length - 1)]!);
      return true;
    }
    return false;
  };
  return { open, items, active: Math.min(active, Math.max(0, items.length - 1)), state: all ? "ready" as const : state, pick, onKeyDown };
}
