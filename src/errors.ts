// The one error type for bad input and refused actions. `code` names a catalogue entry
// (common.error.<code>), so the same error reads well in either language, in HTML and in JSON.
export class UserError extends Error {
  constructor(
    readonly code: string,
    readonly status = 400,
    readonly params: Record<string, string | number> = {},
    readonly detail: ErrorDetail = {},
  ) {
    super(code);
  }
}

/** A form's refusal says which fields are wrong (the message form also words each, in the reader's language). */
export interface FieldError {
  key: string;
  problem: string;
  message?: string;
}

export interface ErrorDetail {
  /** the catalogue key of the message when it is not common.error.<code> (a form's first field problem) */
  messageKey?: string;
  fields?: FieldError[];
}
