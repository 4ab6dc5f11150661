// The account page's "turn on alerts on this device" button (bundled to static/build/push-enable.js;
// the page's CSP allows only our own script files). Its messages come from the button's data-*.
import { enablePush, pushSupported } from "./enable";

const button = document.querySelector<HTMLButtonElement>("[data-push-enable]");
const status = document.querySelector<HTMLElement>("[data-push-status]");
const csrf = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? "";

if (button && status) {
  if (!pushSupported()) status.textContent = button.dataset.unsupported ?? "";
  button.addEventListener("click", async () => {
    button.disabled = true;
    const outcome = await enablePush(csrf, true);
    button.disabled = false;
    status.textContent = button.dataset[outcome === "on" ? "enabled" : outcome] ?? "";
    // The list below shows the device once the server has it.
    if (outcome === "on") location.replace("/account");
  });
}
