// Everything that depends on an enterprise's plan, verification or payment is decided here, so that
// seats (src/accounts/seats.ts), the robot (src/robot/allowed.ts), sign-in, presence and routing
// (src/chat, src/routing) and seat billing (F15, src/billing/service) cannot disagree. Company mode
// runs everything, with unlimited seats, every seat served and the robot on.
//
//   state      add/activate seats   a seat online / routed        robot add-on     sign-in
//   trial      refused (seat_trial) founding seat only            while paid       yes
//   pending    refused              founding seat only            while paid       yes
//   rejected   refused              founding seat only            while paid       yes
//   verified   allowed (free)       founding seat + seats with    while paid       yes
//                                   service (seat_without_service)
//   suspended  refused              nobody (cannot sign in)       no               refused (enterprise_suspended)
//
// "With service" and "paid" are read from src/billing/service/state.ts (docs/billing-service.md).
import type { Mode } from "../config";
import type { Db } from "../db/client";
import { UserError } from "../errors";
import { robotAddonPaid, seatServed, servedSeatIds } from "../billing/service/state";
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

/** Value-added services (F8's robot): always in company mode; in platform mode while the add-on is paid (F15). */
export function addOnAllowed(mode: Mode, db: Db, enterprise: { id: string }, addOn: AddOn): boolean {
  if (mode === "company") return true;
  return addOn === "robot" && robotAddonPaid(db, enterprise.id);
}

/**
 * Why this seat may not go online or receive visitors now (platform mode: it has no seat service,
 * or the service lapsed), as a UserError; null when it may. Adding seats stays free (seatRefusal).
 */
export function seatServiceRefusal(mode: Mode, db: Db, enterpriseId: string, userId: string): UserError | null {
  if (mode === "company") return null;
  return seatServed(db, enterpriseId, userId) ? null : new UserError("seat_without_service", 402);
}

/** The seats routing may give visitors to (among the active ones): null means every seat (company mode). */
export function servedSeats(mode: Mode, db: Db, enterpriseId: string): ReadonlySet<string> | null {
  return mode === "company" ? null : servedSeatIds(db, enterpriseId);
}

/** Why the enterprise's people may not sign in (the operator suspended it), or null. Checked in every mode. */
export function signInRefusal(db: Db, enterpriseId: string): UserError | null {
  const s = standingOf(db, enterpriseId);
  return s.suspended ? new UserError("enterprise_suspended", 403, { reason: s.suspendReason }) : null;
}
