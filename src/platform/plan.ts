// Everything that depends on an enterprise's plan, verification or payment is decided here, so that
// seats (src/accounts/seats.ts), the robot (src/robot/allowed.ts), sign-in and, later, wallet and
// billing (F14, F15) cannot disagree. Company mode runs everything, with unlimited seats.
//
//   state      seats               robot add-on   sign-in
//   trial      refused (seat_trial) not yet sold   yes
//   pending    refused             not yet sold   yes
//   rejected   refused             not yet sold   yes
//   verified   allowed (billing F15 will decide)  not yet sold   yes
//   suspended  refused             no             refused (enterprise_suspended)
import type { Mode } from "../config";
import type { Db } from "../db/client";
import { UserError } from "../errors";
import { standingOf } from "./standing";

export type AddOn = "robot";

/** Why the enterprise may not add or activate an agent seat now, as a UserError; null when it may. */
export function seatRefusal(mode: Mode, db: Db, enterpriseId: string): UserError | null {
  if (mode === "company") return null;
  const s = standingOf(db, enterpriseId);
  if (s.suspended) return new UserError("enterprise_suspended", 403, { reason: s.suspendReason });
  if (s.state !== "verified") return new UserError("seat_trial", 402);
  return null;
}

/** Value-added services (F8's robot). No add-on can be bought in platform mode yet, so none is on there. */
export function addOnAllowed(mode: Mode, _enterprise: { id: string }, _addOn: AddOn): boolean {
  return mode === "company";
}

/** Why the enterprise's people may not sign in (the operator suspended it), or null. Checked in every mode. */
export function signInRefusal(db: Db, enterpriseId: string): UserError | null {
  const s = standingOf(db, enterpriseId);
  return s.suspended ? new UserError("enterprise_suspended", 403, { reason: s.suspendReason }) : null;
}
