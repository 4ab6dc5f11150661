// Passwords are hashed with argon2id (Bun.password). The policy, used wherever a password is set
// (set-up, the command line, verification links, the account page): at least 8 characters, not the
// person's email (or its part before the @), and not one of the passwords every guesser tries first.
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "../../common/limits";
export { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH };

/** The most common passwords of at least 8 characters in published leak lists, Chinese and English. */
const COMMON = new Set([
  "password", "password1", "password12", "password123", "passw0rd", "p@ssw0rd", "p@ssword", "12345678", "123456789",
  "1234567890", "0123456789", "11111111", "00000000", "88888888", "66666666", "99999999", "12341234", "11223344",
  "87654321", "qwertyui", "qwerty12", "qwerty123", "qwertyuiop", "1q2w3e4r", "1qaz2wsx", "1q2w3e4r5t", "zxcvbnm1",
  "asdfghjk", "asdf1234", "abcd1234", "abc12345", "abcdefgh", "a1234567", "a12345678", "aa123456", "iloveyou",
  "iloveyou1", "sunshine", "princess", "football", "baseball", "superman", "trustno1", "letmein1", "welcome1",
  "welcome123", "admin123", "admin1234", "administrator", "changeme", "woaini1314", "woaini520", "5201314520",
  "1314520520", "qq123456", "wang1234", "zhang123", "aaaaaaaa", "iloveyou2", "computer", "starwars", "whatever",
  "dragon12", "monkey12", "master12", "shadow12", "michael1", "jennifer", "basketball", "parley123",
]);

export interface PasswordContext {
  /** the account's email: the password may not be it, nor its part before the @ */
  email?: string;
}

/** The catalogue code (common.error.*) of what is wrong with a new password, or null when it is fine. */
export function passwordProblem(password: string, context: PasswordContext = {}): string | null {
  if (typeof password !== "string" || password.length < MIN_PASSWORD_LENGTH) return "password_too_short";
  if (password.length > MAX_PASSWORD_LENGTH) return "password_too_long";
  const lower = password.toLowerCase();
  const email = context.email?.trim().toLowerCase();
  if (email && (lower === email || lower === email.split("@")[0])) return "password_is_email";
  if (COMMON.has(lower) || /^(.)\1+$/.test(password)) return "password_common";
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return Bun.password.hash(password, { algorithm: "argon2id" });
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  if (!hash) return Promise.resolve(false); // an invited seat has no password yet
  return Bun.password.verify(password, hash).catch(() => false);
}

/** Spent on unknown emails too, so that timing does not tell which emails exist. */
let dummyHash: Promise<string> | null = null;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword("not-a-real-password");
  await verifyPassword(password, await dummyHash);
}
