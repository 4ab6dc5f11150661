// Words that say nothing about what a visitor asks: greetings, particles, pronouns and the question
// words every question has. They are dropped before matching, on both sides, so that "怎么" or "how"
// never makes two unrelated questions look alike. Negations (不, 没) stay: "没收到" is not "收到".
export const CHINESE_STOPWORDS = new Set(
  (
    "的 地 得 了 着 过 吗 么 嘛 呢 吧 啊 呀 哦 噢 喔 哈 啦 咯 嗯 哎 诶 哇 " +
    "我 你 您 他 她 它 我们 你们 他们 她们 咱们 咱 俺 人家 自己 大家 " +
    "请 请问 问下 问一下 问问 想问 想请问 麻烦 麻烦你 谢谢 谢了 多谢 你好 您好 在吗 在不在 亲 客服 " +
    "怎么 怎么样 怎样 怎么办 怎么回事 怎么弄 怎么搞 咋 咋办 咋样 咋弄 弄 搞 如何 什么 啥 为什么 为啥 干嘛 哪 哪里 哪儿 哪个 哪些 是否 什么时候 多久 多长时间 多少 " +
    "是 是不是 有 有没有 在 和 跟 与 及 或 或者 还 还是 就 都 也 又 再 才 要 想 想要 能 能不能 能否 可以 可不可以 可 会 " +
    "一下 一个 个 这 那 这个 那个 这些 那些 这样 那样 这边 那边 这里 那里 " +
    "现在 刚才 刚刚 今天 明天 昨天 前天 后天 上午 下午 中午 早上 晚上 马上 已经 一直 然后 但是 可是 不过 如果 因为 所以 的话 好的 好吧 " +
    "让 把 被 给 从 向 以 于 为"
  ).split(/\s+/),
);

export const ENGLISH_STOPWORDS = new Set(
  (
    "a an the i me my mine you your yours we us our it its he she they them their this that these those there here " +
    "is are am was were be been being do does did doing done have has had can could will would shall should may might must " +
    "how what where when which who whom why whether if so to of in on at by for with from into about as and or but " +
    "please pls hi hello hey thanks thank ok okay yes any some just also get got"
  ).split(/\s+/),
);

/** Particles that trail a segmenter's word ("换个", "新的", "坏了"): stripped so the word meets its bare form. */
export const TRAILING_PARTICLES = /(?<=\p{Script=Han})[的了吗呢吧啊呀嘛哦个]+$/u;

/** Directions of a verb (趋向补语: 寄过来, 拿回去): after a verb they complete it (confidence.ts: the focus). */
export const DIRECTIONS = new Set("出去 出来 进去 进来 回来 回去 过来 过去 上去 下来 起来 下去".split(" "));

/**
 * Words every conversation has that say how rather than what — negated modals, degree words,
 * connectives, the visitor's stance, directions of a verb (不能, 很多, 而且, 觉得, 出去). They are kept (不能登录 is not 登录), but
 * a word of them that no entry has is not a topic the knowledge base never speaks of
 * (confidence.ts: words nobody knows).
 */
export const FUNCTION_WORDS = new Set(
  (
    "不能 不可以 不会 不要 不想 不用 不行 不了 没法 无法 没有 没办法 不太 不是 " +
    "很多 好多 许多 很 非常 特别 比较 有点 有些 一点 一些 太 挺 更 最 " +
    "而且 并且 另外 还有 然后 其实 顺便 直接 一起 一般 大概 大约 差不多 真的 确实 总是 经常 每次 一次 一直 突然 还能 还会 " +
    // what the visitor thinks or feels about what they say (觉得不好用): their stance, not the topic
    "觉得 感觉 认为 以为 希望 担心 好像 似乎 不好"
  )
    .split(/\s+/)
    .concat([...DIRECTIONS]),
);

/** Words of time: they say when, not what (出发那天, 到期以后, 一个礼拜, 多长时间's 时间). */
const TIME_WORDS = new Set("时间 时候 多长 以后 以前 之前 之后 之内 以内 明年 今年 去年 上次 下次 临时 早点 晚点 周末 月份 礼拜 星期 当天 那天 最近 平时".split(" "));

/** Does this word say how or when rather than what (FUNCTION_WORDS, or a word of time)? Then it is not what a question turns on. */
export function grammatical(word: string): boolean {
  return FUNCTION_WORDS.has(word) || TIME_WORDS.has(word);
}
