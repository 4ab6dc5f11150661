// Whether the agent is looking at this tab: visible and focused. A message in the open
// conversation of a background tab is still news and must alert.
export function isPageFocused(): boolean {
  return document.visibilityState === "visible" && document.hasFocus();
}

/** Calls back when the tab gains or loses the agent's attention. */
export function onPageFocusChange(listener: (focused: boolean) => void): () => void {
  const handler = () => listener(isPageFocused());
  window.addEventListener("focus", handler);
  window.addEventListener("blur", handler);
  document.addEventListener("visibilitychange", handler);
  return () => {
    window.removeEventListener("focus", handler);
    window.removeEventListener("blur", handler);
    document.removeEventListener("visibilitychange", handler);
  };
}
