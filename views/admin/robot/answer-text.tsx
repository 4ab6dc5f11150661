// An answer as visitors see it: its text, with http(s) addresses as links that open in a new tab
// and cannot reach back to this window. Text is escaped by preact like everything else.
import { LINK_REL, linkify } from "../../../common/linkify";

export function AnswerText(p: { text: string }) {
  return (
    <div class="robot-answer">
      {linkify(p.text).map((part) =>
        part.href ? (
          <a href={part.href} target="_blank" rel={LINK_REL}>
            {part.text}
          </a>
        ) : (
          part.text
        ),
      )}
    </div>
  );
}
