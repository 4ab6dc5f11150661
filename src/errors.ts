// The one error type for bad input and refused actions. `code` names a catalogue entry
// (common.error.<code>), so the same error reads well in either language, in HTML and in JSON.
export class UserError extends Error {
  constructor(
    readonly code: string,
    readonly status = 400,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
  }
}
