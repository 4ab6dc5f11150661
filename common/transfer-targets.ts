// The transfer dialog's choices, as GET /api/conversations/:id/transfer-targets answers them
// (src/routing/transfer-targets.ts) and the workspace shows them (src/workspace/app/transfer-dialog.tsx).
export interface TransferTargets {
  agents: { id: string; name: string; status: "online" | "away" | "offline"; open: number; cap: number }[];
  groups: { id: string; name: string; available: number }[];
}
