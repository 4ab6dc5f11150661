// The transfer dialog: pick an available agent (with their load) or a group, add a note only agents
// see, send. The server's refusal is shown here, in the dialog. Escape or the backdrop closes it;
// Tab stays inside it (app.tsx moves focus in on open and back to the Transfer button on close).
import type { TargetedKeyboardEvent } from "preact";
import type { TransferDialog as Dialog, WorkspaceActions } from "./model";
import type { WorkspaceTranslate } from "./translate";

const NOTE_MAX = 1000;
const FOCUSABLE = "button:not(:disabled), input:not(:disabled), textarea:not(:disabled)";

/** Keeps Tab and Shift+Tab inside the dialog; Escape closes it. */
function onDialogKey(e: TargetedKeyboardEvent<HTMLDivElement>, actions: WorkspaceActions): void {
  if (e.key === "Escape" && !e.isComposing) {
    e.preventDefault();
    actions.closeTransfer();
    return;
  }
  if (e.key !== "Tab") return;
  const items = [...e.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)];
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) return;
  if (e.shiftKey && document.activeElement === first) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first.focus();
  }
}

function errorMessage(error: string, t: WorkspaceTranslate): string {
  const key = `transfer.error.${error}`;
  const text = t(key);
  return text === key ? t("error.generic", { code: error }) : text;
}

export function TransferDialog(props: { d: Dialog; t: WorkspaceTranslate; actions: WorkspaceActions }) {
  const { d, t, actions } = props;
  const agents = d.targets?.agents ?? [];
  const groups = d.targets?.groups ?? [];
  return (
    <div
      class="ws-modal"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) actions.closeTransfer();
      }}
    >
      <div class="ws-dialog" tabIndex={-1} role="dialog" aria-modal="true" aria-labelledby="ws-transfer-title" data-testid="transfer-dialog" onKeyDown={(e) => onDialogKey(e, actions)}>
        <h2 class="ws-dialog__title" id="ws-transfer-title">
          {t("transfer.title")}
        </h2>
        {d.load === "loading" && <p class="ws-empty">{t("transfer.loading")}</p>}
        {d.load === "failed" && (
          <p class="ws-empty ws-empty--error" role="alert">
            {t("transfer.loadFailed")}{" "}
            <button type="button" class="ws-link" onClick={() => actions.retryTransferTargets()}>
              {t("transfer.retry")}
            </button>
          </p>
        )}
        <form
          class="ws-dialog__form"
          hidden={d.load !== "loaded"}
          onSubmit={(e) => {
            e.preventDefault();
            actions.sendTransfer();
          }}
        >
          <fieldset class="ws-targets">
            <legend>{t("transfer.agents")}</legend>
            {agents.length === 0 && <p class="ws-targets__none">{t("transfer.noAgents")}</p>}
            {agents.map((a) => {
              const value = `agent:${a.id}`;
              const available = a.status === "online";
              return (
                <label class={`ws-target${available ? "" : " ws-target--off"}`} data-testid="transfer-agent" data-agent-id={a.id}>
                  <input type="radio" name="transfer-target" value={value} checked={d.choice === value} disabled={!available} onChange={() => actions.chooseTransferTarget(value)} />
                  <span class={`ws-dot ws-dot--${a.status}`} aria-hidden="true" />
                  <span class="ws-target__name">{a.name}</span>
                  <span class="ws-target__meta">
                    {t(`status.${a.status}`)} · {t("transfer.load", { open: a.open, cap: a.cap })}
                  </span>
                </label>
              );
            })}
          </fieldset>
          {groups.length > 0 && (
            <fieldset class="ws-targets">
              <legend>{t("transfer.groups")}</legend>
              {groups.map((g) => {
                const value = `group:${g.id}`;
                return (
                  <label class="ws-target" data-testid="transfer-group" data-group-id={g.id}>
                    <input type="radio" name="transfer-target" value={value} checked={d.choice === value} onChange={() => actions.chooseTransferTarget(value)} />
                    <span class="ws-target__name">{g.name}</span>
                    <span class="ws-target__meta">{t("transfer.available", { count: g.available })}</span>
                  </label>
                );
              })}
            </fieldset>
          )}
          <label class="ws-dialog__note">
            <span>
              {t("transfer.note")} <span class="ws-dialog__hint">{t("transfer.noteHint")}</span>
            </span>
            <textarea rows={3} maxLength={NOTE_MAX} value={d.note} data-testid="transfer-note" onInput={(e) => actions.editTransferNote(e.currentTarget.value)} />
          </label>
          {d.error && (
            <p class="ws-dialog__error" role="alert" data-testid="transfer-error" data-reason={d.error}>
              {errorMessage(d.error, t)}
            </p>
          )}
          <div class="ws-dialog__actions">
            <button type="button" class="ws-button" onClick={() => actions.closeTransfer()}>
              {t("transfer.cancel")}
            </button>
            <button type="submit" class="ws-button ws-button--primary" data-testid="transfer-send" disabled={d.sending}>
              {t(d.sending ? "transfer.sending" : "transfer.send")}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
