// The rating of a conversation that ended (CSAT): 1 to 5 stars and an optional comment, sent once.
// The stars are a radio group, so arrow keys choose and screen readers say "3 out of 5".
import { useState } from "preact/hooks";
import type { WidgetContext } from "../shared/context";
import type { Translate } from "./translate";

const MAX_COMMENT = 1000;

export function RatingCard({ ctx, conversationId, t }: { ctx: WidgetContext; conversationId: string; t: Translate }) {
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState("");
  const [state, setState] = useState<"idle" | "sending" | "sent" | "failed">("idle");
  if (state === "sent")
    return (
      <p class="rt done" role="status" data-testid="rating-thanks">
        {t("rating_thanks")}
      </p>
    );

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!score || state === "sending") return;
    setState("sending");
    const body = new URLSearchParams({ site: ctx.site, vid: ctx.visitorId, lang: ctx.config.lang, conversation: conversationId, score: String(score), comment });
    try {
      const res = await fetch(`${ctx.origin}/api/widget/rating`, { method: "POST", body });
      setState(res.ok || res.status === 409 ? "sent" : "failed");
    } catch {
      setState("failed");
    }
  };

  return (
    <form class="rt" data-testid="rating-form" onSubmit={submit}>
      <fieldset>
        <legend>{t("rating_title")}</legend>
        <div class="rs">
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n} class={n <= score ? "on" : ""} title={t("rating_star", { n })}>
              <input type="radio" name={`score-${conversationId}`} value={n} checked={score === n} data-testid={`rating-${n}`} aria-label={t("rating_star", { n })} onChange={() => setScore(n)} />
              <svg viewBox="0 0 24 24" aria-hidden="true">
                <path d="m12 3 2.8 5.7 6.2.9-4.5 4.4 1 6.2L12 17.3 6.5 20.2l1-6.2L3 9.6l6.2-.9Z" />
              </svg>
            </label>
          ))}
        </div>
      </fieldset>
      <textarea rows={2} maxLength={MAX_COMMENT} value={comment} aria-label={t("rating_comment")} placeholder={t("rating_comment")} data-testid="rating-comment" onInput={(e) => setComment(e.currentTarget.value)} />
      {state === "failed" && (
        <p class="lme" role="alert">
          {t("rating_failed")}
        </p>
      )}
      <button type="submit" class="lms" disabled={!score || state === "sending"} data-testid="rating-submit">
        {t("rating_submit")}
      </button>
    </form>
  );
}
