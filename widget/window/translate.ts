// Looks a widget string up in the config's catalogue; `{name}` placeholders are filled from params.
// A missing key shows itself rather than breaking the window.
import { interpolate } from "../../common/interpolate";
export type Params = Record<string, string | number>;
export type Translate = (key: string, params?: Params) => string;

export function translator(strings: Record<string, string>): Translate {
  return (key, params) => {
    const s = strings[key] ?? key;
    return interpolate(s, params);
  };
}
