// email strings (zh-CN). Keys are used as "email.<key>".
export default {
} satisfies Record<string, string>;
