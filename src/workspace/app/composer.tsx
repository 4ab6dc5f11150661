// The reply box. Enter sends and Shift+Enter breaks the line; the Enter that confirms an IME
// composition (Chinese, Japanese input) must only confirm it, never send half a sentence.
import type { TargetedKeyboardEvent } from "preact";
import { useState } from "preact/hooks";
import type { WorkspaceActions } from "./model";
import type { WorkspaceTranslate } from "./translate";
import { usePicker } from "./quick-replies/use-picker";
import { choiceId, PICKER_LIST_ID, QuickReplyPicker } from "./quick-reply-picker";
import type { ReplyVariables } from "../../../common/quick-reply-variables";

/** Whether this keydown should send the reply. keyCode 229 is what Safari reports for the composition's Enter. */
export function isSendKey(e: Pick<KeyboardEvent, "key" | "shiftKey" | "altKey" | "isComposing" | "keyCode">): boolean {
  return e.key === "Enter" && !e.shiftKey && !e.altKey && !e.isComposing && e.keyCode !== 229;
}

export function Composer(props: {
  conversationId: string;
  draft: string;
  disabled: boolean;
  reconnecting: boolean;
  maxLength: number;
  t: WorkspaceTranslate;
  actions: WorkspaceActions;
  /** what a quick reply's {visitor_name}, {agent_name} and {site_name} become */
  replyVars?: ReplyVariables;
}) {
  const { draft, disabled, t, actions } = props;
  // Note mode (内部备注): what is sent is a note only agents and supervisors see, never the visitor.
  const [note, setNote] = useState(false);
  // "/" at the start of the reply opens the quick replies (src/workspace/app/quick-replies/use-picker.ts).
  const picker = usePicker(draft, props.replyVars, (text) => actions.editDraft(text));
  const onKeyDown = (e: TargetedKeyboardEvent<HTMLTextAreaElement>) => {
    if (picker.onKeyDown(e)) return;
    if (!isSendKey(e)) return;
    e.preventDefault();
    actions.sendReply(note);
  };
  return (
    <form
      class={note ? "ws-composer ws-composer--note" : "ws-composer"}
      data-conversation-id={props.conversationId}
      onSubmit={(e) => {
        e.preventDefault();
        actions.sendReply(note);
      }}
    >
      {picker.open && !disabled && <QuickReplyPicker items={picker.items} active={picker.active} state={picker.state} t={t} onPick={picker.pick} />}
      <label class="ws-visually-hidden" for="ws-reply-input">
        {t("composer.label")}
      </label>
      <textarea
        id="ws-reply-input"
        class="ws-composer__input"
        data-testid="reply-input"
        rows={3}
        value={draft}
        maxLength={props.maxLength}
        placeholder={t(note ? "composer.notePlaceholder" : "composer.placeholder")}
        disabled={disabled}
        onInput={(e) => actions.editDraft(e.currentTarget.value, note)}
        onKeyDown={onKeyDown}
        aria-controls={picker.open ? PICKER_LIST_ID : undefined}
        aria-activedescendant={picker.open && picker.items[picker.active] ? choiceId(picker.items[picker.active]!) : undefined}
      />
      <div class="ws-composer__bar">
        <label class={`ws-button ws-composer__attach${disabled ? " is-disabled" : ""}`} data-testid="reply-attach" title={t("composer.attachHint")}>
          {t("composer.attach")}
          <input
            type="file"
            class="ws-visually-hidden"
            data-testid="reply-file-input"
            disabled={disabled}
            accept="image/png,image/jpeg,image/gif,image/webp,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.zip,.txt,.csv"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = "";
              if (file) actions.sendFile(file);
            }}
          />
        </label>
        <button
          type="button"
          class={`ws-button ws-button--small ws-composer__note${note ? " is-on" : ""}`}
          data-testid="internal-note"
          aria-pressed={note ? "true" : "false"}
          title={t("composer.noteHint")}
          disabled={disabled}
          onClick={() => setNote(!note)}
        >
          {t("composer.note")}
        </button>
        <span class="ws-composer__hint">{props.reconnecting ? t("composer.offlineHint") : ""}</span>
        <button type="submit" class="ws-button ws-button--primary" data-testid="reply-send" disabled={disabled || draft.trim() === ""}>
          {t("composer.send")}
        </button>
      </div>
    </form>
  );
}
