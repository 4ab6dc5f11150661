// The input: Enter sends, Shift+Enter breaks the line, and the Enter that confirms an IME
// composition (Chinese, Japanese, Korean input) never sends. A refused message comes back here.
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import type { ChatSession } from "./chat-session";
import { SendIcon } from "./icons";
import type { Translate } from "./translate";

interface Props {
  session: ChatSession;
  open: boolean;
  error: string | null;
  t: Translate;
}

const MAX_HEIGHT_PX = 120;

export function Composer({ session, open, error, t }: Props) {
  const [text, setText] = useState("");
  const input = useRef<HTMLTextAreaElement>(null);
  const composing = useRef(false);

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
        <button type="submit" class="sb" data-testid="send-button" aria-label={t("send")} title={t("send")} disabled={!text.trim()}>
          <SendIcon />
        </button>
      </form>
      {error && (
        <div class="er" role="alert" data-testid="send-error">
          {error}
        </div>
      )}
    </>
  );
}
