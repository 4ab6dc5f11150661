// Web storage that never throws: storage is refused in some private modes, sandboxed iframes and
// by cookie blockers, and the widget must keep working (it just forgets more) when it is.
export const KEYS = {
  visitorId: "parley_vid",
  lang: "parley_lang",
  /** sessionStorage: "1" the window is open, "0" it was opened and minimised */
  open: "parley_open",
  /** "1": the visitor turned the new-reply sound off */
  mute: "parley_mute",
  /** "1": the visitor has answered the pre-chat form */
  profile: "parley_profile",
  /** sessionStorage: the name and email given in the pre-chat form (JSON), to prefill "email me the transcript" */
  contact: "parley_contact",
} as const;

type Area = "localStorage" | "sessionStorage";

export function readStored(area: Area, key: string): string | null {
  try {
    return window[area].getItem(key);
  } catch {
    return null;
  }
}

/** Returns false when the browser refused to store. */
export function writeStored(area: Area, key: string, value: string): boolean {
  try {
    window[area].setItem(key, value);
    return window[area].getItem(key) === value;
  } catch {
    return false;
  }
}

/** The name and email the visitor gave in the pre-chat form, kept for this tab only ("" when not given). */
export function readContact(): { name: string; email: string } {
  try {
    const c = JSON.parse(readStored("sessionStorage", KEYS.contact) ?? "{}");
    return { name: typeof c.name === "string" ? c.name : "", email: typeof c.email === "string" ? c.email : "" };
  } catch {
    return { name: "", email: "" };
  }
}

export function writeContact(c: { name: string; email: string }): void {
  writeStored("sessionStorage", KEYS.contact, JSON.stringify(c));
}
