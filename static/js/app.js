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
// Menus that fold on phones (the top navigation, the admin console's): a button with
// data-menu-toggle opens and closes the element its aria-controls names; Escape closes it.
document.addEventListener("click", (e) => {
  const toggle = e.target.closest?.("[data-menu-toggle]");
  if (!toggle) return;
  const menu = document.getElementById(toggle.getAttribute("aria-controls"));
  if (!menu) return;
  const open = toggle.getAttribute("aria-expanded") !== "true";
  toggle.setAttribute("aria-expanded", String(open));
  menu.toggleAttribute("data-open", open);
});
document.addEventListener("keydown", (e) => {
  if (e.key !== "Escape") return;
  for (const toggle of document.querySelectorAll('[data-menu-toggle][aria-expanded="true"]')) {
    toggle.setAttribute("aria-expanded", "false");
    document.getElementById(toggle.getAttribute("aria-controls"))?.removeAttribute("data-open");
    toggle.focus();
  }
});
// Signing out ends this device's alerts too: on a shared computer the next person must not get
// the previous one's chats. The subscription is dropped (here and on the server) before the form goes.
document.addEventListener("submit", (e) => {
  const form = e.target;
  if (!(form instanceof HTMLFormElement) || form.getAttribute("action") !== "/logout" || form.dataset.unsubscribed) return;
  if (!navigator.serviceWorker?.controller) return;
  e.preventDefault();
  form.dataset.unsubscribed = "1";
  const token = document.querySelector('meta[name="csrf-token"]')?.content ?? "";
  let gone = false;
  const done = () => {
    if (gone) return;
    gone = true;
    form.submit();
  };
  setTimeout(done, 1500);
  navigator.serviceWorker.ready
    .then((reg) => reg.pushManager.getSubscription())
    .then((sub) =>
      sub
        ? fetch("/api/push/unsubscribe", { method: "POST", credentials: "same-origin", headers: { "content-type": "application/json", "x-csrf-token": token }, body: JSON.stringify({ endpoint: sub.endpoint }) }).then(() => sub.unsubscribe())
        : undefined,
    )
    .catch(() => undefined)
    .then(done);
});
