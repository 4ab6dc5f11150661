// The leave-a-message form's rules, shared by the widget (checks before sending) and the server
// (checks what arrives). No runtime imports: the widget window bundles this file.
import type { LeaveMessageField } from "./protocol";

export type FieldProblem = "required" | "email" | "phone" | "too_long";

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
/** digits with the usual separators and an optional leading +; 5–20 digits in all */
const PHONE = /^\+?[\d\s().-]+$/;

/** What is wrong with one value, or null. Values are trimmed by the caller. */
export function fieldProblem(field: LeaveMessageField, value: string): FieldProblem | null {
  if (!value) return field.required ? "required" : null;
  if (value.length > field.max) return "too_long";
  if (field.type === "email" && !EMAIL.test(value)) return "email";
  if (field.type === "tel") {
    const digits = value.replace(/\D/g, "").length;
    if (!PHONE.test(value) || digits < 5 || digits > 20) return "phone";
  }
  return null;
}

/** Every problem of a filled form, in the form's order. */
export function formProblems(fields: LeaveMessageField[], values: Record<string, string>): { key: string; problem: FieldProblem }[] {
  const out: { key: string; problem: FieldProblem }[] = [];
  for (const f of fields) {
    const problem = fieldProblem(f, (values[f.key] ?? "").trim());
    if (problem) out.push({ key: f.key, problem });
  }
  return out;
}
