// Page helpers shared by the server-rendered pages: CSRF header for htmx, copy buttons.
document.addEventListener("htmx:config:request", (e) => {
  const token = document.querySelector('meta[name="csrf-token"]')?.content;
  if (token) e.detail.ctx.request.headers["X-CSRF-Token"] = token;
});
document.addEventListener("click", async (e) => {
  const btn = e.target.closest?.("[data-copy]");
  if (!btn) return;
  const source = document.querySelector(btn.dataset.copy);
  if (!source) return;
  try {
    await navigator.clipboard.writeText(source.textContent);
  } catch {
    const range = document.createRange();
    range.selectNodeContents(source);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    document.execCommand("copy");
  }
  const label = btn.textContent;
  btn.textContent = btn.dataset.copied || label;
  setTimeout(() => (btn.textContent = label), 1500);
});
