// A visitor's device as it is stored and shown: the server writes a language-neutral description
// ("desktop · Linux · Chrome": the kind of device as a code word, systems and browsers by their brand
// names, src/chat/device.ts) and every reader sees it in their own language (deviceText).

export const DEVICE_SEPARATOR = " · ";

/** the description's words that are words, not brand names: translated for the reader (catalogue workspace.device.<word>) */
export const DEVICE_WORDS: ReadonlySet<string> = new Set(["desktop", "mobile", "tablet", "WeChat"]);

/** The stored description in the reader's language; `word` translates one of its words (the workspace catalogue's device.<word> keys). */
export function deviceText(device: string, word: (w: string) => string): string {
  return device
    .split(DEVICE_SEPARATOR)
    .map((part) => (DEVICE_WORDS.has(part) ? word(part) : part))
    .join(DEVICE_SEPARATOR);
}
