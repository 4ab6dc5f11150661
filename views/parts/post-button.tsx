// One button that posts a small form (revoke, lift, delete, switch on or off): the CSRF field, any
// hidden fields, and htmx attributes when the row swaps itself. Works with scripts off.
import type { ComponentChildren } from "preact";
import { Csrf } from "./csrf-field";

export interface PostButtonProps {
  action: string;
  csrfToken: string;
  testId: string;
  children: ComponentChildren;
  /** hidden fields sent with it */
  fields?: Record<string, string>;
  /** htmx attributes (hx-post, hx-target, hx-swap, hx-confirm …) */
  hx?: Record<string, string>;
  kind?: "danger" | "primary";
  disabled?: boolean;
}

export function PostButton(p: PostButtonProps) {
  return (
    <form method="post" action={p.action} class="inline" {...p.hx}>
      <Csrf token={p.csrfToken} />
      {Object.entries(p.fields ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class={p.kind ? `small-button ${p.kind}` : "small-button"} disabled={p.disabled} data-testid={p.testId}>
        {p.children}
      </button>
    </form>
  );
}
