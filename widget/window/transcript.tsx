// "Email me the transcript" once a conversation has ended (docs/widget.md): one small link under
// the ended note; opened, an email field prefilled with the address the visitor gave in the
// pre-chat form. The server mails only to the address stored as the visitor's (POST
// /api/widget/transcript, docs/email.md): an address typed here is first saved as theirs through
// the pre-chat form's own endpoint (/api/widget/profile), which checks it like the form does.
import { useEffect, useRef, useState } from "preact/hooks";
import type { WidgetContext } from "../shared/context";
import { readContact, writeContact } from "../shared/storage";
import type { Translate } from "./translate";

type Sending = "closed" | "idle" | "invalid" | "sending" | "sent" | "failed" | "rate_limited";

export function TranscriptRequest({ ctx, conversationId, t }: { ctx: WidgetContext; conversationId: string; t: Translate }) {
  const given = readContact();
  const [email, setEmail] = useState(given.email);
  const [state, setState] = useState<Sending>("closed");
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (state === "idle") input.current?.focus();
  }, [state === "idle"]);

  if (state === "closed")
    return (
      <button type="button" class="lmc" data-testid="transcript-request" onClick={() => setState("idle")}>
        {t("transcript_request")}
      </button>
    );
  if (state === "sent")
    return (
      <p class="rt done" role="status" data-testid="transcript-sent">
        {t("transcript_sent", { email })}
      </p>
    );

  const submit = async (e: Event) => {
    e.preventDefault();
    if (state === "sending") return;
    const address = email.trim();
    if (!address || !input.current?.checkValidity()) {
      setState("invalid");
      return input.current?.focus();
    }
    setState("sending");
    const base = { site: ctx.site, vid: ctx.visitorId, lang: ctx.config.lang };
    try {
      if (address !== given.email) {
        const saved = await fetch(`${ctx.origin}/api/widget/profile`, { method: "POST", body: new URLSearchParams({ ...base, name: given.name, email: address }) });
        if (!saved.ok) return setState(saved.status === 422 ? "invalid" : "failed");
        writeContact({ name: given.name, email: address });
      }
      const res = await fetch(`${ctx.origin}/api/widget/transcript`, { method: "POST", body: new URLSearchParams({ ...base, conversation: conversationId }) });
      setState(res.ok ? "sent" : res.status === 429 ? "rate_limited" : "failed");
    } catch {
      setState("failed");
    }
  };

  const problem = state === "invalid" ? "lm_email" : state === "failed" ? "transcript_failed" : state === "rate_limited" ? "transcript_rate_limited" : null;
  return (
    <form class="rt" data-testid="transcript-form" noValidate onSubmit={submit}>
      <label class="lmf">
        {t("transcript_email")}
        <input ref={input} type="email" required maxLength={254} autocomplete="email" value={email} aria-invalid={state === "invalid"} data-testid="transcript-email" onInput={(e) => setEmail(e.currentTarget.value)} />
      </label>
      {problem && (
        <p class="lme" role="alert">
          {t(problem)}
        </p>
      )}
      <button type="submit" class="lms" disabled={state === "sending"} data-testid="transcript-submit">
        {t(state === "sending" ? "lm_sending" : "transcript_submit")}
      </button>
    </form>
  );
}
