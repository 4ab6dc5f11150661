// The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a
// 31-character set (digits and capitals without I, O, S, V, Z). Characters 1–17 carry weights
// 3^(i-1) mod 31; the 18th is the check character. Characters 9–17 are the organisation code
// (组织机构代码, GB 11714-1997), itself eight characters and a check character (0–9 or X).
export const CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** The check character for the first 17 characters, or null when one is outside the code set. */
export function creditCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_CHARS.indexOf(first17[i] ?? "");
    if (v < 0) return null;
    sum += v * WEIGHTS[i]!;
  }
  return CREDIT_CODE_CHARS[(31 - (sum % 31)) % 31]!;
}

/** GB 11714: digits are their value, letters A–Z are 10–35; the check is 11 − (Σ mod 11), 10 → X, 11 → 0. */
export function orgCheckChar(first8: string): string | null {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = first8[i] ?? "";
    const v = /[0-9]/.test(c) ? Number(c) : /[A-Z]/.test(c) ? c.charCodeAt(0) - 55 : -1;
    if (v < 0) return null;
    sum += v * ORG_WEIGHTS[i]!;
  }
  const check = 11 - (sum % 11);
  return check === 10 ? "X" : check === 11 ? "0" : String(check);
}

/** Upper-cases and drops spaces, as people type codes from a printed licence. */
export function normaliseCreditCode(raw: unknown): string {
  return typeof raw === "string" ? raw.replace(/[\s-]/g, "").toUpperCase() : "";
}

/** Why a code is not valid (a common.error code), or null when both check characters are right. */
export function creditCodeProblem(code: string): string | null {
  if (code.length !== 18) return "credit_code_length";
  if ([...code].some((c) => !CREDIT_CODE_CHARS.includes(c))) return "credit_code_chars";
  if (creditCheckChar(code.slice(0, 17)) !== code[17]) return "credit_code_check";
  if (orgCheckChar(code.slice(8, 16)) !== code[16]) return "credit_code_check";
  return null;
}
