// Small talk (寒暄): a whole message that only greets, thanks, says goodbye or acknowledges ("好的谢谢",
// "早上好", "晚安", "hi", "thanks", "ok 👌"). The robot answers it with a short friendly reply of its
// own and never with an entry: "谢谢" is not a question about anything in the knowledge base. A message
// that says anything more ("你好，运费多少") is a question and goes to the matcher as usual.
import { fold } from "./tokenize";

export type SmallTalk = "greeting" | "thanks" | "goodbye" | "ack";
export const SMALL_TALK_KINDS: readonly SmallTalk[] = ["greeting", "thanks", "goodbye", "ack"];

const PHRASES: Record<SmallTalk, string[]> = {
  greeting: [
    "你好", "您好", "你们好", "大家好", "哈喽", "哈罗", "嗨", "在吗", "在么", "在嘛", "在不在", "有人吗", "有人在吗", "有没有人",
    "早上好", "早安", "早", "上午好", "中午好", "下午好", "晚上好",
    "hi", "hello", "hey", "hallo", "good morning", "good afternoon", "good evening", "morning", "anyone there", "anybody there",
  ],
  thanks: [
    "谢谢", "谢谢你", "谢谢您", "谢谢啦", "谢啦", "谢了", "多谢", "感谢", "感谢你", "非常感谢", "太感谢了", "万分感谢", "辛苦了", "辛苦", "麻烦了", "麻烦你了", "3q",
    "thanks", "thank you", "thank you very much", "thanks a lot", "many thanks", "thx", "ty", "cheers",
  ],
  goodbye: ["晚安", "拜拜", "再见", "回见", "88", "886", "bye", "bye bye", "goodbye", "good night", "see you", "see ya"],
  ack: [
    "好的", "好", "好吧", "好哒", "好滴", "好嘞", "好勒", "嗯", "嗯嗯", "哦", "哦哦", "噢", "喔", "行", "行吧", "知道了", "明白了", "明白", "了解", "了解了", "收到", "懂了",
    "没问题", "没事了", "没事", "解决了", "已解决", "可以了", "哈哈", "呵呵", "嘿嘿", "嘻嘻",
    "ok", "okay", "okey", "k", "kk", "got it", "i see", "cool", "great", "nice", "perfect", "sure", "alright", "all right", "fine", "np", "no problem", "yes", "yeah", "yep",
  ],
};
/** Words that only soften a message ("亲", "呀", "哈哈哈"): consumed without saying anything. */
const FILLERS = ["亲", "亲亲", "啊", "呀", "哈", "啦", "呢", "吧", "哟", "的", "了", "哇", "嘛", "么", "呐", "so", "much", "very", "again", "guys", "you", "too", "there"];

/** What wins when a message mixes kinds: "好的 拜拜" is a goodbye, "好的谢谢" thanks. */
const PRIORITY: SmallTalk[] = ["goodbye", "thanks", "greeting", "ack"];

const table: [string, SmallTalk | null][] = [
  ...SMALL_TALK_KINDS.flatMap((kind) => PHRASES[kind].map((p): [string, SmallTalk] => [p, kind])),
  ...FILLERS.map((f): [string, null] => [f, null]),
].sort((a, b) => b[0].length - a[0].length);

const LATIN = /[a-z0-9]/;
/** Longer messages are questions, whatever words they open with. */
const MAX_LENGTH = 40;

/** The kind of small talk a whole message is, or null when it says anything more. */
export function smallTalk(text: string): SmallTalk | null {
  if (text.length > MAX_LENGTH) return null;
  let rest = fold(text);
  const kinds = new Set<SmallTalk>();
  while ((rest = rest.trimStart())) {
    const found = table.find(([p]) => rest.startsWith(p) && !(LATIN.test(p.slice(-1)) && LATIN.test(rest.charAt(p.length))));
    if (!found) return null;
    if (found[1]) kinds.add(found[1]);
    rest = rest.slice(found[0].length);
  }
  return PRIORITY.find((k) => kinds.has(k)) ?? null;
}
