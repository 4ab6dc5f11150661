// Loads the chat window's bundle on demand: visitors who never click pay for the loader only.
let requested = false;

export function loadWindowScript(origin: string): void {
  if (requested) return;
  requested = true;
  const s = document.createElement("script");
  s.src = `${origin}/static/build/widget-window.js`;
  s.async = true;
  // A failed download (flaky network) must not leave the launcher dead: the next click retries.
  s.onerror = () => {
    requested = false;
    s.remove();
  };
  (document.head || document.documentElement).append(s);
}
