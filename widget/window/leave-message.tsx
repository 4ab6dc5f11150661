// The leave-a-message form (留言) the window shows instead of the chat when nobody can answer: the
// fields the admin chose, checked here (required, email, phone, length) and again by the server,
// then a thank-you. Sent as a form-encoded POST: a "simple" cross-origin request, no preflight.
// The pre-chat form (name and email before the first message) is the same form with other fields.
import { useRef, useState } from "preact/hooks";
import type { LeaveMessageField, WidgetConfig } from "../../common/protocol";
import { fieldProblem, type FieldProblem } from "../../common/lead-form";
import type { WidgetContext } from "../shared/context";
import type { Translate } from "./translate";
import { closedNote } from "./hours";

export const LEAVE_MESSAGE_CSS = `
.lm{flex:1;overflow-y:auto;overscroll-behavior:contain;padding:14px 16px;background:light-dark(#f5f6f8,#111418);display:flex;flex-direction:column;gap:12px}
.lmi{margin:0;padding:10px 12px;border-radius:12px;background:light-dark(#fff7e6,#33260a);color:light-dark(#7a4b00,#fcd34d);border:1px solid light-dark(#fde3b0,#7c5a12);font-size:13px;white-space:pre-wrap}
.lmf{display:flex;flex-direction:column;gap:4px;font-size:13px;color:light-dark(#374151,#d1d5db)}
.lmf b{color:light-dark(#b42318,#fca5a5);font-weight:400}
.lmf input,.lmf textarea{width:100%;margin:0;padding:8px 10px;border:1px solid light-dark(#d0d5dd,#4b5563);border-radius:8px;background:light-dark(#fff,#1c2128);color:light-dark(#1f2328,#e6e8eb);font:inherit;outline:none}
.lmf textarea{min-height:84px;resize:vertical}
.lmf input:focus,.lmf textarea:focus{border-color:var(--pc);box-shadow:0 0 0 3px rgba(127,127,127,.15)}
.lmf [aria-invalid=true]{border-color:light-dark(#b42318,#fca5a5)}
.lme{color:light-dark(#b42318,#fca5a5);font-size:12px;margin:0}
.lms{margin:0;padding:10px 14px;border:0;border-radius:10px;background:var(--pc);color:var(--pt);font:600 14px/1.2 inherit;cursor:pointer}
.lms:disabled{opacity:.6;cursor:default}
.lmc{align-self:center;margin:0;padding:4px;border:0;background:none;color:light-dark(#4b5563,#b4bac4);font:inherit;font-size:12px;text-decoration:underline;cursor:pointer}
.lmt{margin:auto 0;text-align:center;padding:24px 12px}
.lmt h2{margin:0 0 8px;font-size:18px}
.lmt p{margin:0;color:light-dark(#4b5563,#b4bac4)}
@media (max-width:640px){.lmf input,.lmf textarea{font-size:16px}}
`;

const PROBLEM_KEYS: Record<FieldProblem, string> = { required: "lm_required", email: "lm_email", phone: "lm_phone", too_long: "lm_too_long" };

interface Props {
  ctx: WidgetContext;
  config: WidgetConfig;
  t: Translate;
  /** when agents are online (the form is offered for a long queue), the visitor may chat instead */
  onChat?: () => void;
  /** the label of the way back to the chat (default: wait for an agent instead) */
  chatLabel?: string;
  /** the same form as the pre-chat form (name, email before the first message): posted to /api/widget/profile, then `onDone` */
  prechat?: { fields: LeaveMessageField[]; onDone: (values: Record<string, string>) => void };
}

type Sending = "idle" | "sending" | "sent" | "failed" | "rate_limited";

export function LeaveMessageForm({ ctx, config, t, onChat, chatLabel, prechat }: Props) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, FieldProblem>>({});
  const [state, setState] = useState<Sending>("idle");
  const form = useRef<HTMLFormElement>(null);
  const { fields, intro } = prechat ? { fields: prechat.fields, intro: t("prechat_intro") } : config.leaveMessage;
  const id = prechat ? "prechat" : "leave-message";

  const check = (f: LeaveMessageField) => fieldProblem(f, (values[f.key] ?? "").trim());
  const focusFirstError = () => setTimeout(() => form.current?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus(), 0);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (state === "sending") return;
    const found: Record<string, FieldProblem> = {};
    for (const f of fields) {
      const p = check(f);
      if (p) found[f.key] = p;
    }
    setErrors(found);
    if (Object.keys(found).length) return focusFirstError();
    setState("sending");
    const body = new URLSearchParams({ site: ctx.site, vid: ctx.visitorId, lang: config.lang, page: location.href });
    for (const f of fields) body.set(f.key, (values[f.key] ?? "").trim());
    try {
      const res = await fetch(`${ctx.origin}/api/widget/${prechat ? "profile" : "leads"}`, { method: "POST", body });
      if (res.ok) return prechat ? prechat.onDone(Object.fromEntries(body)) : setState("sent");
      const reply = await res.json().catch(() => ({}));
      const server: { key: string; problem: FieldProblem }[] = reply?.error?.fields ?? [];
      if (server.length) {
        setErrors(Object.fromEntries(server.map((x) => [x.key, x.problem])));
        focusFirstError();
        return setState("idle");
      }
      setState(res.status === 429 ? "rate_limited" : "failed");
    } catch {
      setState("failed");
    }
  };

  if (state === "sent")
    return (
      <div class="lm" data-testid="leave-message-thanks" role="status">
        <div class="lmt">
          <h2>{t("lm_thanks_title")}</h2>
          <p>{t("lm_thanks")}</p>
        </div>
      </div>
    );

  return (
    <form class="lm" ref={form} data-testid={`${id}-form`} noValidate onSubmit={submit}>
      {!prechat && closedNote(config, t) && (
        <p class="lmi" data-testid="hours-closed">
          {closedNote(config, t)}
        </p>
      )}
      {intro && <p class="lmi">{intro}</p>}
      {fields.map((f) => {
        const problem = errors[f.key];
        const errorId = `lme-${f.key}`;
        const label = prechat ? t(`prechat_${f.key}`) : f.label;
        const common = {
          name: f.key,
          value: values[f.key] ?? "",
          maxLength: f.max,
          required: f.required,
          "aria-invalid": problem ? ("true" as const) : ("false" as const),
          "aria-describedby": problem ? errorId : undefined,
          "data-testid": `${id}-${f.key}`,
          onInput: (e: Event) => {
            const value = (e.currentTarget as HTMLInputElement).value;
            setValues((v) => ({ ...v, [f.key]: value }));
            if (problem) setErrors(({ [f.key]: _gone, ...rest }) => rest);
          },
        };
        return (
          <label class="lmf" key={f.key}>
            <span>
              {label}
              {f.required && <b aria-hidden="true"> *</b>}
            </span>
            {f.type === "textarea" ? (
              <textarea {...common} rows={4} />
            ) : (
              <input {...common} type={f.type as "text" /* one literal for preact's input types */} autoComplete={f.type === "email" ? "email" : f.type === "tel" ? "tel" : f.key === "name" ? "name" : "off"} />
            )}
            {problem && (
              <span class="lme" id={errorId} data-testid={`${id}-error`}>
                {t(PROBLEM_KEYS[problem], { max: f.max })}
              </span>
            )}
          </label>
        );
      })}
      {(state === "failed" || state === "rate_limited") && (
        <p class="lme" role="alert">
          {t(state === "failed" ? "lm_failed" : "lm_rate_limited")}
        </p>
      )}
      <button type="submit" class="lms" data-testid={`${id}-submit`} disabled={state === "sending"}>
        {t(state === "sending" ? "lm_sending" : prechat ? "prechat_submit" : "lm_submit")}
      </button>
      {onChat && (
        <button type="button" class="lmc" data-testid="leave-message-back" onClick={onChat}>
          {chatLabel ?? t("lm_chat_instead")}
        </button>
      )}
    </form>
  );
}
