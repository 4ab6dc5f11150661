import { describe, expect, test } from "bun:test";
import { decideAssignment } from "../../src/routing/decide";

describe("decideAssignment", () => {
  test("nobody available: wait", () => {
    expect(decideAssignment([])).toEqual({ kind: "wait" });
  });
  test("fewest open conversations wins", () => {
    expect(decideAssignment([{ id: "a", open: 3, lastAssignedAt: 0 }, { id: "b", open: 1, lastAssignedAt: 50 }, { id: "c", open: 2, lastAssignedAt: 0 }])).toEqual({ kind: "assign", agentId: "b" });
  });
  test("ties go to the agent idle longest, then by id so the decision is stable", () => {
    expect(decideAssignment([{ id: "a", open: 1, lastAssignedAt: 200 }, { id: "b", open: 1, lastAssignedAt: 100 }])).toEqual({ kind: "assign", agentId: "b" });
    expect(decideAssignment([{ id: "z", open: 0, lastAssignedAt: 0 }, { id: "y", open: 0, lastAssignedAt: 0 }])).toEqual({ kind: "assign", agentId: "y" });
  });
});
