// Block the visitor of a conversation (黑名单): a button in the conversation's actions that opens a
// small inline form (reason, the visitor's address too, how long) and posts it to
// POST /api/conversations/:id/block. The server ends the conversation and closes the visitor's
// sockets, so the list updates by itself; the form only says when the block was refused.
import { useState } from "preact/hooks";
import type { WorkspaceTranslate } from "./translate";

const DURATIONS = ["1d", "7d", "30d", "permanent"] as const;

export function BlockVisitor(props: { conversationId: string; t: WorkspaceTranslate }) {
  const { t } = props;
  const [open, setOpen] = useState(false);
  const [sending, setSending] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  if (!open)
    return (
      <button type="button" class="ws-button ws-button--small ws-button--danger" data-testid="block-visitor" onClick={() => setOpen(true)}>
        {t("block.button")}
      </button>
    );
  const submit = async (form: HTMLFormElement) => {
    setSending(true);
    setFailed(null);
    const csrf = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? "";
    try {
      const res = await fetch(`/api/conversations/${encodeURIComponent(props.conversationId)}/block`, {
        method: "POST",
        body: new URLSearchParams(new FormData(form) as unknown as Record<string, string>),
        credentials: "same-origin",
        headers: { "x-csrf-token": csrf, accept: "application/json" },
      });
      if (!res.ok) throw new Error(((await res.json().catch(() => ({}))) as { error?: { message?: string } }).error?.message ?? String(res.status));
      setOpen(false);
    } catch (e) {
      setFailed(e instanceof TypeError ? t("block.failed") : (e as Error).message);
    } finally {
      setSending(false);
    }
  };
  return (
    <form
      class="ws-block"
      data-testid="block-form"
      aria-label={t("block.title")}
      onSubmit={(e) => {
        e.preventDefault();
        void submit(e.currentTarget);
      }}
    >
      <strong>{t("block.title")}</strong>
      <label>
        {t("block.reason")}
        <input type="text" name="reason" maxLength={500} data-testid="block-reason" />
      </label>
      <label>
        {t("block.duration")}
        <select name="duration" data-testid="block-duration">
          {DURATIONS.map((d) => (
            <option value={d} selected={d === "7d"}>
              {t(`block.duration.${d}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <input type="checkbox" name="ip" value="1" data-testid="block-ip" /> {t("block.ip")}
      </label>
      {failed && (
        <span class="ws-block__error" role="alert">
          {failed}
        </span>
      )}
      <button type="submit" class="ws-button ws-button--small ws-button--danger" data-testid="confirm-block" disabled={sending}>
        {t("block.confirm")}
      </button>
      <button type="button" class="ws-button ws-button--small" data-testid="cancel-block" onClick={() => setOpen(false)}>
        {t("block.cancel")}
      </button>
    </form>
  );
}
