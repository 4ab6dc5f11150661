// Changing a password ends every other session of that user.
import { eq } from "drizzle-orm";
import { transaction } from "../db/transaction";
import type { Db } from "../db/client";
import { users } from "../db/schema";
import { scoped } from "../db/scope";
import { UserError } from "../errors";
import { audit } from "./audit";
import { hashPassword, passwordProblem, verifyPassword } from "./passwords";
import { revokeUserSessions } from "./sessions";
import type { User } from "./users";

export async function changePassword(db: Db, user: User, current: string, next: string): Promise<void> {
  if (!(await verifyPassword(current, user.passwordHash))) throw new UserError("wrong_password", 403);
  const problem = passwordProblem(next, { email: user.email });
  if (problem) throw new UserError(problem);
  const passwordHash = await hashPassword(next);
  transaction(db, () => {
    scoped(db, user.enterpriseId).update(users, { passwordHash, passwordChangedAt: Date.now() }, eq(users.id, user.id)).run();
    revokeUserSessions(db, user.id);
    audit(db, user, "account.password_changed", { type: "user", id: user.id, name: user.name });
  });
}
