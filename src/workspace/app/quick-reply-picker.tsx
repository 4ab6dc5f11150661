// The composer's "/" picker: the matching quick replies, the highlighted one chosen by ↑ ↓ and
// inserted by Enter or Tab (or a click); Escape closes it. The composer owns the keys (composer.tsx).
import { useEffect } from "preact/hooks";
import type { WorkspaceTranslate } from "./translate";
import type { PickerReply } from "./quick-replies/filter";

/** The id of the highlighted choice's element, for the reply box's aria-activedescendant. */
export const choiceId = (r: PickerReply) => `ws-qr-${r.id}`;
export const PICKER_LIST_ID = "ws-quick-reply-list";

export function QuickReplyPicker(p: { items: PickerReply[]; active: number; state: "loading" | "ready" | "failed"; t: WorkspaceTranslate; onPick: (r: PickerReply) => void }) {
  const activeItem = p.items[p.active];
  // Keep the highlighted choice in view while ↑ ↓ move through a long list.
  useEffect(() => {
    if (activeItem) document.getElementById(choiceId(activeItem))?.scrollIntoView({ block: "nearest" });
  }, [activeItem?.id]);
  return (
    <div class="ws-quick-replies" data-testid="quick-reply-picker">
      <p class="ws-quick-replies__hint">{p.t("quickReplies.hint")}</p>
      {p.state === "loading" && <p class="ws-empty">{p.t("quickReplies.loading")}</p>}
      {p.state === "failed" && <p class="ws-empty">{p.t("quickReplies.failed")}</p>}
      {p.state === "ready" && p.items.length === 0 && <p class="ws-empty">{p.t("quickReplies.none")}</p>}
      <ul role="listbox" id={PICKER_LIST_ID} aria-label={p.t("quickReplies.label")}>
        {p.items.map((r, i) => (
          <li
            role="option"
            id={choiceId(r)}
            aria-selected={i === p.active}
            class={`ws-quick-replies__item${i === p.active ? " is-active" : ""}`}
            data-testid="quick-reply-item"
            data-id={r.id}
            onMouseDown={(e) => {
              // mousedown, not click: the textarea keeps its focus
              e.preventDefault();
              p.onPick(r);
            }}
          >
            <span class="ws-quick-replies__title">
              {r.shortcut && <code>/{r.shortcut}</code>} {r.title}
              {r.groupName && <span class="ws-quick-replies__group"> · {r.groupName}</span>}
              {r.team && <span class="ws-quick-replies__group"> · {p.t("quickReplies.team")}</span>}
            </span>
            <span class="ws-quick-replies__body">{r.body.slice(0, 120)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
