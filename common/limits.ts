// Limits of what people type into sign-in and account forms: the server refuses beyond them and the
// forms declare them (minlength/maxlength), so both sides read them from here.

/** The shortest password the rule accepts (src/accounts/passwords.ts says what else it asks). */
export const MIN_PASSWORD_LENGTH = 8;
/** The longest: hashing costs time, so longer inputs are refused before they are hashed. */
export const MAX_PASSWORD_LENGTH = 256;
/** The longest address SMTP allows (RFC 5321's path limit less its brackets); longer input is refused before it is parsed or looked up. */
export const MAX_EMAIL_LENGTH = 254;

/** A knowledge-base entry's limits (src/robot/entries.ts checks them, the entry form declares them). */
export const ROBOT_ENTRY_LIMITS = { key: 64, question: 200, answer: 4000, keyword: 40, keywords: 30, related: 20, category: 40, similar: 50 } as const;
