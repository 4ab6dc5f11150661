// The robot's parts of the chat window (F8): its answers with their links, the questions a visitor
// can pick under its messages, and the bar that asks for a person or opens the message form while
// the robot serves. Answers are plain text: linkify() makes http(s) addresses links and everything
// else stays a text node.
import type { RobotCard, RobotQuestion } from "../../common/protocol";
import { LINK_REL, linkify } from "../../common/linkify";
import type { Translate } from "./translate";

export const ROBOT_CSS = `
.robot .m{background:light-dark(#fff,#1c2128);color:light-dark(#1f2328,#e6e8eb);border-bottom-left-radius:5px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.r.robot{align-self:flex-start;align-items:flex-start}
.robot .m a{color:inherit;text-decoration:underline;overflow-wrap:anywhere}
.rq{display:flex;flex-direction:column;align-items:flex-start;gap:4px;margin:6px 0 2px}
.rqh{margin:0 6px;font-size:12px;color:light-dark(#5b6270,#a9b0ba)}
.rqb{max-width:100%;margin:0;padding:6px 12px;border:1px solid var(--pc);border-radius:14px;background:light-dark(#fff,#1c2128);color:light-dark(#1f2328,#e6e8eb);font:inherit;font-size:13px;text-align:left;cursor:pointer}
.rqb:hover,.rqb:focus-visible{background:light-dark(#f0f1f4,#2a3039)}
.rqb:focus-visible,.rbb:focus-visible{outline:2px solid light-dark(#1f2328,#e6e8eb);outline-offset:1px}
.rb{display:flex;justify-content:center;gap:8px;flex:none;padding:6px 12px;border-top:1px solid light-dark(#e7e9ee,#30363f);background:light-dark(#fff,#1c2128)}
.rbb{margin:0;padding:5px 14px;border:1px solid light-dark(#d0d5dd,#4b5563);border-radius:14px;background:light-dark(#fff,#1c2128);color:light-dark(#1f2328,#e6e8eb);font:inherit;font-size:13px;cursor:pointer}
.rbb:disabled{opacity:.5;cursor:default}
`;

/** The robot's text with its http(s) links (new tab, no referrer). */
export function RobotText({ text }: { text: string }) {
  return (
    <>
      {linkify(text).map((part) =>
        part.href ? (
          <a href={part.href} target="_blank" rel={LINK_REL}>
            {part.text}
          </a>
        ) : (
          part.text
        ),
      )}
    </>
  );
}

const HEADINGS: Record<RobotCard["kind"], string | null> = { greeting: "robot_popular", answer: "robot_related", unsure: "robot_suggested", handoff: null, no_agent: null };

/** The questions under a robot message, each one click from its answer. */
export function RobotQuestions({ card, onPick, t }: { card: RobotCard; onPick: (q: RobotQuestion) => void; t: Translate }) {
  if (card.questions.length === 0) return null;
  const heading = HEADINGS[card.kind];
  return (
    <div class="rq">
      {heading && <p class="rqh">{t(heading)}</p>}
      {card.questions.map((q) => (
        <button key={q.key} type="button" class="rqb" data-testid="robot-question" data-key={q.key} onClick={() => onPick(q)}>
          {q.question}
        </button>
      ))}
    </div>
  );
}

interface BarProps {
  /** the visitor can ask for a person now (connected, not already asked) */
  canAsk: boolean;
  onHuman: () => void;
  /** opens the message form; absent when it is not offered */
  onLeaveMessage?: () => void;
  t: Translate;
}

/** Under the conversation while the robot serves: a person, and the message form when nobody can take over. */
export function RobotBar({ canAsk, onHuman, onLeaveMessage, t }: BarProps) {
  return (
    <div class="rb">
      <button type="button" class="rbb" data-testid="to-human" disabled={!canAsk} onClick={onHuman}>
        {t("to_human")}
      </button>
      {onLeaveMessage && (
        <button type="button" class="rbb" data-testid="leave-message-open" onClick={onLeaveMessage}>
          {t("leave_message_open")}
        </button>
      )}
    </div>
  );
}
