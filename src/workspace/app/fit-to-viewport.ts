// The workspace fills the viewport below whatever the layout puts above it (the site nav), so
// that only the list and the transcript scroll, never the page. The nav's height is not ours to
// know, so we measure it. On a phone the visual viewport is what is left above the on-screen
// keyboard: the workspace shrinks to it, so the composer stays just above the keyboard.
export function fitToViewport(root: HTMLElement): void {
  const vv = window.visualViewport;
  const fit = () => {
    const top = root.getBoundingClientRect().top + window.scrollY;
    root.style.setProperty("--ws-top", `${Math.max(0, Math.round(top))}px`);
    if (vv) {
      // What the keyboard covers of the layout viewport (0 without a keyboard).
      const covered = Math.max(0, window.innerHeight - vv.height - vv.offsetTop);
      root.style.setProperty("--ws-keyboard", `${Math.round(covered)}px`);
    }
  };
  fit();
  window.addEventListener("resize", fit);
  vv?.addEventListener("resize", fit);
  vv?.addEventListener("scroll", fit);
}
