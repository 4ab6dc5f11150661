// Looks a widget string up in the config's catalogue; `{name}` placeholders are filled from params.
// A missing key shows itself rather than breaking the window.
export type Params = Record<string, string | number>;
export type Translate = (key: string, params?: Params) => string;

export function translator(strings: Record<string, string>): Translate {
  return (key, params) => {
    const s = strings[key] ?? key;
    return params ? s.replace(/\{(\w+)\}/g, (m, p: string) => (p in params ? String(params[p]) : m)) : s;
  };
}
