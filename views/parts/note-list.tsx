// Notes kept on a record (a customer, a lead): newest as written, each with its author and time.
// Note bodies are people's text: preact escapes them.
import type { Locale } from "../../src/i18n/index";
import { formatDateTime } from "../../common/time-format";

export function NoteList(p: { notes: { body: string; authorName: string; createdAt: number }[]; locale: Locale; testId: string }) {
  return (
    <ol class="notes">
      {p.notes.map((n) => (
        <li data-testid={p.testId}>
          <p class="note-body">{n.body}</p>
          <p class="muted small">
            {n.authorName} · {formatDateTime(n.createdAt, p.locale)}
          </p>
        </li>
      ))}
    </ol>
  );
}
