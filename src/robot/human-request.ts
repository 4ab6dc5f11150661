// Does a visitor's whole message ask for a person (人工, 转人工, human …)? Then the robot hands the
// conversation over instead of searching the knowledge base for it. Only the whole message counts:
// "人工费多少" or "is there a human-readable invoice" are questions for the robot.
import { normalize } from "./tokenize";

// Polite openings and endings around the request itself: 请转人工吧, 麻烦帮我找人工客服, 我要真人.
const ZH_BEFORE = "(?:请|麻烦|帮我|给我|我要|我想|我需要|能不能|可以|快|赶紧)*";
const ZH_AFTER = "(?:吧|啊|呀|呢|哦|了|谢谢|好吗|可以吗|行吗)*";
const ZH = new RegExp(`^${ZH_BEFORE}(?:(?:转接?|找|要|接|联系)?(?:人工|真人)(?:客服|服务|坐席)?|(?:转接?|找|联系)?(?:客服|真人)(?:人员)?)${ZH_AFTER}$`, "u");
const EN = /^(?:(?:i want|i d like|i would like|i need|can i|could i|let me|please|pls)\s+(?:to\s+)?)?(?:(?:talk|speak|chat)\s+(?:to|with)\s+)?(?:a|an|the|some)?\s*(?:real|live)?\s*(?:human|person|agent|operator|representative|someone|somebody|human agent|customer service)(?:\s+(?:please|pls|now))?$/;

export function asksForPerson(text: string): boolean {
  const s = normalize(text).replace(/\s+/g, " ").trim();
  if (!s || s.length > 40) return false;
  return ZH.test(s.replace(/ /g, "")) || EN.test(s);
}
