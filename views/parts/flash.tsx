// The one feedback line above a section or a form: an error (role=alert) or a notice (role=status).
// Pages that swap it in with htmx wrap it in a live region (`live`) so screen readers announce it.

export interface FlashProps {
  error?: string;
  notice?: string;
  /** wrap in an aria-live region (a form whose answer replaces this part) */
  live?: boolean;
  /** the test ids of the two lines; default flash-error / flash-notice */
  testIds?: { error: string; notice: string };
}

export function Flash(p: FlashProps) {
  const ids = p.testIds ?? { error: "flash-error", notice: "flash-notice" };
  const lines = (
    <>
      {p.error && (
        <p class="error" role="alert" data-testid={ids.error}>
          {p.error}
        </p>
      )}
      {p.notice && (
        <p class="notice" role="status" data-testid={ids.notice}>
          {p.notice}
        </p>
      )}
    </>
  );
  return p.live ? <div aria-live="polite">{lines}</div> : lines;
}
