// The workspace fills the viewport below whatever the layout puts above it (the site nav), so
// that only the list and the transcript scroll, never the page. The nav's height is not ours to
// know, so we measure it.
export function fitToViewport(root: HTMLElement): void {
  const fit = () => {
    const top = root.getBoundingClientRect().top + window.scrollY;
    root.style.setProperty("--ws-top", `${Math.max(0, Math.round(top))}px`);
  };
  fit();
  window.addEventListener("resize", fit);
}
