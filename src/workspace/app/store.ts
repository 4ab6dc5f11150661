// The one place the workspace's state lives in the browser. Updates replace the state object
// (never mutate it) so that subscribers can compare and preact re-renders from a snapshot.
import type { WorkspaceState } from "./model";

export type Listener = (state: WorkspaceState) => void;

export interface WorkspaceStore {
  get(): WorkspaceState;
  update(change: (state: WorkspaceState) => WorkspaceState): void;
  subscribe(listener: Listener): () => void;
}

export function createStore(initial: WorkspaceState): WorkspaceStore {
  let state = initial;
  const listeners = new Set<Listener>();
  return {
    get: () => state,
    update(change) {
      const next = change(state);
      if (next === state) return;
      state = next;
      for (const l of listeners) l(state);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
