// The keyboard shortcuts' help (`?`): what each key does (src/workspace/app/app.tsx useShortcuts).
import type { WorkspaceActions } from "./model";
import type { WorkspaceTranslate } from "./translate";

const KEYS: [string[], string][] = [
  [["j"], "shortcuts.next"],
  [["k"], "shortcuts.previous"],
  [["r"], "shortcuts.reply"],
  [["/"], "shortcuts.quick"],
  [["e"], "shortcuts.close"],
  [["t"], "shortcuts.transfer"],
  [["Esc"], "shortcuts.back"],
  [["?"], "shortcuts.help"],
];

export function ShortcutHelp(props: { t: WorkspaceTranslate; actions: WorkspaceActions }) {
  const { t, actions } = props;
  return (
    <div class="ws-modal" onClick={(e) => e.target === e.currentTarget && actions.toggleHelp(false)}>
      <div
        class="ws-dialog ws-help"
        role="dialog"
        aria-modal="true"
        aria-labelledby="ws-help-title"
        tabIndex={-1}
        data-testid="shortcut-help"
        onKeyDown={(e) => {
          // Its one control keeps the focus inside (aria-modal): Tab and Shift+Tab land on Close.
          if (e.key !== "Tab") return;
          e.preventDefault();
          e.currentTarget.querySelector<HTMLButtonElement>("button")?.focus();
        }}
      >
        <h2 class="ws-dialog__title" id="ws-help-title">
          {t("shortcuts.title")}
        </h2>
        <dl class="ws-help__keys">
          {KEYS.map(([keys, label]) => (
            <div class="ws-help__row">
              <dt>
                {keys.map((k) => (
                  <kbd>{k}</kbd>
                ))}
              </dt>
              <dd>{t(label)}</dd>
            </div>
          ))}
        </dl>
        <p class="ws-dialog__hint">{t("shortcuts.note")}</p>
        <div class="ws-dialog__actions">
          <button type="button" class="ws-button ws-button--primary" onClick={() => actions.toggleHelp(false)}>
            {t("shortcuts.done")}
          </button>
        </div>
      </div>
    </div>
  );
}
