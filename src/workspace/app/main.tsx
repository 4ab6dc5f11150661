// The workspace client's entry (bundled to static/build/workspace.js): reads the boot object the
// server embedded, hydrates the server-rendered markup with the same components, then goes live.
import { hydrate } from "preact";
import type { WorkspaceBoot } from "./boot";
import { WORKSPACE_BOOT_ID, WORKSPACE_ROOT_ID } from "./boot";
import { initialWorkspaceState } from "./model";
import { workspaceTranslator } from "./translate";
import { App } from "./app";
import { createController } from "./controller";
import { fitToViewport } from "./fit-to-viewport";
import { createStore } from "./store";

function readBoot(): WorkspaceBoot | null {
  const el = document.getElementById(WORKSPACE_BOOT_ID);
  if (!el?.textContent) return null;
  try {
    return JSON.parse(el.textContent) as WorkspaceBoot;
  } catch {
    return null;
  }
}

function main(): void {
  const boot = readBoot();
  const root = document.getElementById(WORKSPACE_ROOT_ID);
  if (!boot || !root) {
    console.error("parley workspace: boot data or #workspace-root missing");
    return;
  }
  const t = workspaceTranslator(boot.strings);
  // The first render must equal the server's (same initial state), so hydration keeps its DOM.
  const store = createStore(initialWorkspaceState(boot));
  const controller = createController(boot, store, t, root);
  hydrate(<App store={store} t={t} actions={controller.actions} root={root} openNeighbour={controller.openNeighbour} />, root);
  fitToViewport(root);
  root.dataset.ready = "true";
  controller.start();
}

main();
