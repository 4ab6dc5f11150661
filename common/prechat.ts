// The pre-chat form's fields (the visitor's name and email before the first message), from the
// site's settings. No runtime imports: the widget window bundles this file, the server checks
// what arrives against the same fields (src/chat/visitor-routes.ts).
import type { LeaveMessageField, WidgetConfig } from "./protocol";

/** Labels are the widget's strings (prechat_name, prechat_email); an empty list means no form. */
export function preChatFields(f: WidgetConfig["features"]["preChat"]): LeaveMessageField[] {
  const out: LeaveMessageField[] = [];
  if (f.name !== "off") out.push({ key: "name", label: "", type: "text", required: f.name === "required", max: 100 });
  if (f.email !== "off") out.push({ key: "email", label: "", type: "email", required: f.email === "required", max: 254 });
  return out;
}
