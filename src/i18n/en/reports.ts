// reports strings (en). Keys are used as "reports.<key>".
export default {
} satisfies Record<string, string>;
