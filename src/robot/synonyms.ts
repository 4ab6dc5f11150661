// Everyday variants of customer-service words, folded to one spelling before matching (同义词): the
// visitor's 帐户 and the firm's 账号 are one word. Kept to variants that mean the same in any shop,
// so a firm's keywords still decide the topics. Applied to normalized (simplified) text.
export const SYNONYMS: [RegExp, string][] = [
  [/帐号|帐户|账户/g, "账号"],
  [/到帐/g, "到账"],
  [/定单/g, "订单"],
  [/手机号码/g, "手机号"],
  [/电话号码/g, "电话"],
  [/啥时候|什么时间|几时/g, "什么时候"],
  [/不成功|没成功/g, "失败"],
  [/删掉|删(?!除)/g, "删除"],
  [/收不到/g, "没收到"],
  [/坏掉/g, "坏了"],
];
