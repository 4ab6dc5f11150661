// What kind of answer a question asks for (问法): whether something is so (能退吗), how to do it
// (怎么退, 在哪里退), when or how long (什么时候发货, 多久到账), how much or how many (多少钱), or which or
// what (有哪些付款方式). Two entries on one topic often differ only in this — 支持七天无理由退货吗 and
// 怎么申请退货, 能代办签证吗 and 签证要办多久 — and the visitor's question words say which one they mean,
// though the matcher drops them as stopwords. The forms are read from the words as written (folded,
// before synonyms, which may turn 多少钱 into 价格).
import { fold } from "./tokenize";

/** Bit flags: a question may ask several things (数据安全吗？存在哪里？). */
export const YES_NO = 1;
export const HOW = 2;
export const WHEN = 4;
export const HOW_MUCH = 8;
export const WHICH = 16;

// Read in this order, each match taken out of the text before the next: 什么时候 is "when", not "what";
// 为什么 is "why" (a problem to solve, like 怎么办), not "what"; how much is not "how".
const PATTERNS: [RegExp, number][] = [
  [/什么时候|啥时候|什么时间|多久|多长时间|多少天|几天|几号|几点|几个小时|几个月|哪天|何时|几时|\bwhen\b|\bhow long\b|\bhow soon\b/gu, WHEN],
  [/多少|多大|多重|多高|多远|几个|几件|几位|几岁|几公斤|几斤|几g|\bhow much\b|\bhow many\b|\bhow big\b/gu, HOW_MUCH],
  [/为什么|为啥|怎么回事|怎么办|咋办|怎么了|哪里|哪儿|在哪|去哪|哪个地方|怎么|怎样|如何|咋|\bhow\b|\bwhere\b|\bwhy\b/gu, HOW],
  [/什么|哪些|哪个|哪种|哪家|哪款|啥|\bwhat\b|\bwhich\b/gu, WHICH],
];
const YES_NO_MARK = /[吗么嘛]|能不能|可不可以|是不是|有没有|会不会|要不要|行不行|对不对|(\p{Script=Han})不\1|^(?:is|are|can|could|do|does|will|would|should|may)\b/u;

/** The forms a question asks in (0: none said). */
export function formsOf(text: string): number {
  let rest = fold(text);
  let forms = 0;
  for (const [pattern, form] of PATTERNS) {
    const next = rest.replace(pattern, " ");
    if (next !== rest) forms |= form;
    rest = next;
  }
  // A yes-or-no question only when no question word says more (你们几点上班吗 asks when).
  if (!forms && YES_NO_MARK.test(rest)) forms = YES_NO;
  return forms;
}

// The entries' forms that answer each form of the visitor's question: how and where go together (在哪里
// 申请 is how to apply); a yes-or-no question is answered by an entry saying whether, which things are
// so (支持银联卡吗: 支持哪些付款方式) or how to do it (能开票吗: 怎么开发票) — but not by when or how much.
const ACCEPTS: Record<number, number> = {
  [YES_NO]: YES_NO | WHICH | HOW,
  [HOW]: HOW,
  [WHEN]: WHEN,
  [HOW_MUCH]: HOW_MUCH | WHICH,
  [WHICH]: WHICH | YES_NO | HOW_MUCH,
};

/** Does an entry asked in this form answer another kind of question than the visitor's? (false when either is unknown) */
export function formsDiffer(visitor: number, entry: number): boolean {
  if (!visitor || !entry) return false;
  let accepted = 0;
  for (const f of [YES_NO, HOW, WHEN, HOW_MUCH, WHICH]) if (visitor & f) accepted |= ACCEPTS[f]!;
  return (entry & accepted) === 0;
}
