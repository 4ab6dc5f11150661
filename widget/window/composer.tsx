// The input: Enter sends, Shift+Enter breaks the line, and the Enter that confirms an IME
// composition (Chinese, Japanese, Korean input) never sends. A refused message comes back here.
// Beside it: an emoji picker and, when the site allows, a button to send an image or a file.
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import type { ChatSession } from "./chat-session";
import { EmojiPicker } from "./emoji";
import { AttachIcon, EmojiIcon, SendIcon } from "./icons";
import type { Translate } from "./translate";

interface Props {
  session: ChatSession;
  open: boolean;
  error: string | null;
  /** the site lets visitors send files */
  attachments: boolean;
  t: Translate;
}

const MAX_HEIGHT_PX = 120;

export function Composer({ session, open, error, attachments, t }: Props) {
  const [text, setText] = useState("");
  const [picking, setPicking] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  const emojiButton = useRef<HTMLButtonElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const composing = useRef(false);

  /** Puts the emoji where the cursor was and the cursor after it. */
  const pick = (emoji: string) => {
    const el = input.current!;
    const at = el.selectionStart ?? text.length;
    const next = text.slice(0, at) + emoji + text.slice(el.selectionEnd ?? at);
    setText(next);
    setPicking(false);
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(at + emoji.length, at + emoji.length);
    });
  };

  useEffect(() => {
    session.onRefused = (refused) => setText((current) => (current ? `${refused}\n${current}` : refused));
    return () => (session.onRefused = null);
  }, [session]);

  useEffect(() => {
    if (open) input.current?.focus();
  }, [open]);

  // Grow with the text up to a few lines, then scroll.
  useLayoutEffect(() => {
    const el = input.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight + 2, MAX_HEIGHT_PX)}px`;
  }, [text]);

  const submit = () => {
    const message = text.trim();
    if (message && session.send(message)) setText("");
    input.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== "Enter" || e.shiftKey) return;
    // Chrome reports the confirming Enter with isComposing; Safari fires compositionend first and
    // then a keydown with keyCode 229; the flag covers browsers that do neither.
    if (e.isComposing || e.keyCode === 229 || composing.current) return;
    e.preventDefault();
    submit();
  };

  return (
    <>
      <form
        class="c"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <textarea
          ref={input}
          rows={1}
          value={text}
          data-testid="message-input"
          aria-label={t("input_label")}
          placeholder={t("input_placeholder")}
          onInput={(e) => {
            setText(e.currentTarget.value);
            session.typed();
          }}
          onKeyDown={onKeyDown}
          onCompositionStart={() => (composing.current = true)}
          onCompositionEnd={() => (composing.current = false)}
        />
        <div class="ct">
          <button type="button" class="cb" ref={emojiButton} aria-label={t("emoji")} title={t("emoji")} aria-expanded={picking} data-testid="emoji-button" onClick={() => setPicking(!picking)}>
            <EmojiIcon />
          </button>
          {attachments && (
            <>
              <button type="button" class="cb" aria-label={t("attach")} title={t("attach")} data-testid="attach-button" onClick={() => fileInput.current?.click()}>
                <AttachIcon />
              </button>
              <input
                type="file"
                ref={fileInput}
                hidden
                data-testid="file-input"
                accept="image/png,image/jpeg,image/gif,image/webp,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.zip,.txt,.csv"
                onChange={(e) => {
                  const file = e.currentTarget.files?.[0];
                  e.currentTarget.value = "";
                  if (file) void session.sendFile(file, t);
                }}
              />
            </>
          )}
        </div>
        <button type="submit" class="sb" data-testid="send-button" aria-label={t("send")} title={t("send")} disabled={!text.trim()}>
          <SendIcon />
        </button>
      </form>
      {picking && (
        <EmojiPicker
          t={t}
          onPick={pick}
          onClose={(refocus) => {
            setPicking(false);
            if (refocus) emojiButton.current?.focus();
          }}
        />
      )}
      {error && (
        <div class="er" role="alert" data-testid="send-error">
          {error}
        </div>
      )}
    </>
  );
}
