// The style page's script (static/build/style-page.js): the device switch (the visible controls
// edit one device; the other's values wait in hidden fields), and what follows each change: the
// preview frames redraw with the unsaved choices, the contrast note and the embed code's comment
// update. The form is complete without it: the server takes the visible controls for the device
// shown and the hidden fields for the other.
import { interpolate } from "../../common/interpolate";
import type { DeviceStyleView, WidgetConfig } from "../../common/protocol";
import { contrastRatio, readableTextColor } from "../../common/colors";
import { LOOKS_FIELDS, type Device } from "../../common/style-options";

const form = () => document.getElementById("style-form") as HTMLFormElement | null;
const field = (f: HTMLFormElement, name: string) => f.elements.namedItem(name) as RadioNodeList | HTMLInputElement | null;
const value = (f: HTMLFormElement, name: string) => field(f, name)?.value ?? "";
const current = (f: HTMLFormElement) => value(f, "device") as Device;

function setValue(f: HTMLFormElement, name: string, v: string): void {
  const el = field(f, name);
  if (el) el.value = v;
}

/** Visible controls → the hidden fields of `device`. */
function keep(f: HTMLFormElement, device: Device): void {
  for (const name of LOOKS_FIELDS) setValue(f, `${device}.${name}`, value(f, name));
}

/** The hidden fields of `device` → the visible controls. */
function show(f: HTMLFormElement, device: Device): void {
  for (const name of LOOKS_FIELDS) setValue(f, name, value(f, `${device}.${name}`));
}

/** The text of the label of the radio button `name` = `v` (for the embed code's comment). */
function choiceText(f: HTMLFormElement, name: string, v: string): string {
  return f.querySelector(`input[name="${name}"][value="${v}"]`)?.closest("label")?.textContent?.trim() ?? v;
}

function update(f: HTMLFormElement): void {
  const lang = f.dataset.lang ?? "zh-CN";
  const view = (d: Device): DeviceStyleView => {
    const color = value(f, `${d}.color`);
    return {
      button: value(f, `${d}.button`) as DeviceStyleView["button"],
      position: value(f, `${d}.position`) as DeviceStyleView["position"],
      window: value(f, `${d}.window`) as DeviceStyleView["window"],
      color,
      colorText: readableTextColor(color),
      label: value(f, `${d}.label.${lang}`),
    };
  };
  const style: WidgetConfig["style"] = { ...view("desktop"), mobile: view("mobile") };
  for (const frame of document.querySelectorAll<HTMLIFrameElement>("iframe.pv-frame")) frame.contentWindow?.postMessage({ type: "parley-style", style }, location.origin);

  const note = document.getElementById("style-contrast");
  const color = value(f, "color");
  if (note?.dataset.template) {
    const text = readableTextColor(color);
    note.textContent = interpolate(note.dataset.template, { text: (text === "#ffffff" ? note.dataset.white : note.dataset.dark) ?? text, ratio: contrastRatio(color, text).toFixed(1) });
  }

  const code = document.getElementById("embed-code");
  if (code?.dataset.summary) {
    const line = (d: Device) =>
      interpolate(code.dataset.summary!, {
        device: choiceText(f, "device", d),
        button: choiceText(f, "button", value(f, `${d}.button`)),
        position: choiceText(f, "position", value(f, `${d}.position`)),
        window: choiceText(f, "window", value(f, `${d}.window`)),
        color: value(f, `${d}.color`),
      });
    code.textContent = `<!-- Parley · ${line("desktop")} · ${line("mobile")} -->\n${code.dataset.snippet}`;
  }
}

let shown: Device | null = null;

function changed(e: Event): void {
  const f = form();
  const target = e.target as HTMLInputElement;
  if (!f || target.form !== f) return;
  if (target.name === "device") {
    if (shown) keep(f, shown);
    show(f, current(f));
  } else keep(f, current(f));
  shown = current(f);
  update(f);
}

document.addEventListener("input", changed);
document.addEventListener("change", changed);
// After a save the section is new; frames that load late get the current choices too.
document.addEventListener("htmx:after:swap", () => (shown = form() ? current(form()!) : null));
for (const frame of document.querySelectorAll("iframe.pv-frame")) frame.addEventListener("load", () => form() && update(form()!));
const start = form();
if (start) shown = current(start);
