// What the robot says in a conversation: each turn is a plain text (stored as the robot's message,
// in the visitor's language) and a card of what the widget offers with it (RobotCard in
// common/protocol.ts). Deciding the answer is RobotService's; this only words it.
import type { RobotCard } from "../../common/protocol";
import { t, type Locale } from "../i18n";
import type { AnswerView, QuestionRef, RobotReply, SmallTalkReply } from "./service";

export interface RobotTurn {
  text: string;
  card: RobotCard;
}

/** how many of the most asked questions the greeting offers */
export const GREETING_QUESTIONS = 5;

const card = (kind: RobotCard["kind"], questions: QuestionRef[], human: boolean, leaveMessage = false, key?: string): RobotCard => ({
  kind,
  ...(key ? { key } : {}),
  questions: questions.map((q) => ({ key: q.key, question: q.question })),
  human,
  leaveMessage,
});

/** The first words of a conversation: hello, and the most asked questions to pick. */
export function greetingTurn(locale: Locale, top: QuestionRef[]): RobotTurn {
  return { text: t(locale, top.length ? "widget.robot_greeting" : "widget.robot_greeting_empty"), card: card("greeting", top, true) };
}

/**
 * An entry's answer, with its related questions to pick next. One an LLM wrote in its own words says
 * so under it, naming the entry it rests on (in the visitor's language); its card is marked too.
 */
export function answerTurn(answer: AnswerView, locale?: Locale): RobotTurn {
  const c = card("answer", answer.related, true, false, answer.key);
  if (!answer.llm) return { text: answer.answer, card: c };
  const note = answer.llm === "answer" && locale ? `\n\n${t(locale, "robot.llm_note", { question: answer.question })}` : "";
  return { text: answer.answer + note, card: { ...c, llm: answer.llm } };
}

/** The robot's reply to a typed question: the answer, a word back to small talk, or (not sure) the closest questions and a person. */
export function replyTurn(locale: Locale, reply: RobotReply): RobotTurn {
  if (reply.answer) return answerTurn(reply.answer, locale);
  if (reply.smallTalk) return smallTalkTurn(reply.smallTalk, reply.suggestions);
  return unsureTurn(locale, reply.suggestions);
}

/** Hello, thanks, bye or ok: a short friendly reply in the language it was said in; a greeting offers the most asked questions. */
export function smallTalkTurn(chat: SmallTalkReply, questions: QuestionRef[]): RobotTurn {
  const text = chat.text ?? t(chat.language === "zh" ? "zh-CN" : "en", `robot.small_talk.${chat.kind}`);
  return { text, card: questions.length ? card("greeting", questions, true) : card("answer", [], true) };
}

/** No answer of its own: the closest questions, if any, and a person. */
export function unsureTurn(locale: Locale, suggestions: QuestionRef[] = []): RobotTurn {
  return { text: t(locale, suggestions.length ? "widget.robot_unsure" : "widget.robot_unknown"), card: card("unsure", suggestions, true) };
}

/** A person takes over; `leaveMessage`: the queue is long, the message form is offered as well. */
export function handoffTurn(locale: Locale, leaveMessage: boolean): RobotTurn {
  return { text: t(locale, "widget.robot_handoff"), card: card("handoff", [], false, leaveMessage) };
}

/** The visitor asked for a person but nobody can take over: the message form, and the robot stays. */
export function noAgentTurn(locale: Locale): RobotTurn {
  return { text: t(locale, "widget.robot_no_agent"), card: card("no_agent", [], false, true) };
}
