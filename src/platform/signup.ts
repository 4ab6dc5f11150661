// Sign-up (注册): a firm registers itself in platform mode. One write creates the enterprise on
// trial with its 企业ID, its admin and a default site (the same creation as `parley init`).
import { LoginLimiter } from "../accounts/login-limit";
import { audit } from "../accounts/audit";
import { createEnterprise, type SetupResult } from "../accounts/setup";
import { UserError } from "../errors";
import type { AppContext } from "../http/app-context";
import { platformSettings } from "./settings";
import { createAccount } from "./standing";
import { requireConfirmation } from "./email-confirmation";
import type { Locale } from "../i18n";
import { trimmed } from "../http/request";

export interface SignupInput {
  company: unknown;
  name: unknown;
  email: unknown;
  password: unknown;
  phone: unknown;
}

/** Sign-ups per address: 10 an hour. Bounded (least recently used addresses forgotten) and expiring. */
export const SIGNUP_LIMITS = { perPair: 10, perAddress: 10, windowMs: 60 * 60_000, maxKeys: 10_000 };
const limiters = new WeakMap<AppContext, LoginLimiter>();

/** The install's sign-up limiter (tests may replace it with `setSignupLimiter`). */
export function signupLimiter(app: AppContext): LoginLimiter {
  let l = limiters.get(app);
  if (!l) limiters.set(app, (l = new LoginLimiter(SIGNUP_LIMITS)));
  return l;
}

export function setSignupLimiter(app: AppContext, limiter: LoginLimiter): void {
  limiters.set(app, limiter);
}

const PHONE = /^\+?[0-9][0-9 ()-]{4,24}$/;

/** Where the sign-up came from: the confirmation mail's link starts with `origin` and is written in `lang`. */
export interface SignupOrigin {
  origin: string;
  lang: Locale;
}

/**
 * Checks the address's allowance (counted before anything is verified), then creates the
 * enterprise; where email confirmation is on (settings.ts), the admin's confirmation and its mail
 * are written in the same transaction (email-confirmation.ts). Refusals are UserErrors: rate_limited, signup_closed, invalid_*, email_taken, password_*.
 */
export async function signUp(app: AppContext, ip: string, input: SignupInput, from: SignupOrigin): Promise<SetupResult & { displayId: string; confirm: boolean }> {
  if (app.config.mode !== "platform") throw new UserError("not_found", 404);
  if (!platformSettings(app.db).signupOpen) throw new UserError("signup_closed", 403);
  const counted = signupLimiter(app).attempt(ip, "signup");
  if (counted.wait > 0) throw new UserError("rate_limited", 429, { seconds: counted.wait });
  const company = trimmed(input.company);
  const name = trimmed(input.name);
  const phone = trimmed(input.phone);
  if (!company || company.length > 120) throw new UserError("invalid_company");
  if (!name || name.length > 80) throw new UserError("invalid_name");
  if (!PHONE.test(phone)) throw new UserError("invalid_phone");
  let displayId = "";
  const confirm = platformSettings(app.db).emailConfirmation;
  const result = await createEnterprise(app.db, { company, adminName: name, email: trimmed(input.email), password: typeof input.password === "string" ? input.password : "" }, false, (r) => {
    displayId = createAccount(app.db, r.enterpriseId, { state: "trial", phone }).displayId;
    audit(app.db, { id: r.adminId, name, enterpriseId: r.enterpriseId }, "enterprise.signed_up", { type: "enterprise", id: r.enterpriseId, name: company }, { displayId, phone });
    if (confirm) requireConfirmation(app.db, { id: r.adminId, enterpriseId: r.enterpriseId, email: r.adminEmail }, from.lang, from.origin);
  });
  return { ...result, displayId, confirm };
}
