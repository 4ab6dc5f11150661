// The password policy (src/accounts/passwords.ts: passwordProblem), said under every field where a
// password is chosen, so that nobody learns it only from a refusal.
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "../common/limits";
import type { Translate } from "../src/i18n";

export const PASSWORD_RULE_ID = "password-rule";

export function PasswordRule({ t }: { t: Translate }) {
  return (
    <p class="muted small" id={PASSWORD_RULE_ID} data-testid="password-rule">
      {t("common.password.rule", { min: MIN_PASSWORD_LENGTH, max: MAX_PASSWORD_LENGTH })}
    </p>
  );
}

/** The attributes of a new-password input that go with the rule. */
export const newPasswordInput = { minLength: MIN_PASSWORD_LENGTH, maxLength: MAX_PASSWORD_LENGTH, autocomplete: "new-password", "aria-describedby": PASSWORD_RULE_ID } as const;
