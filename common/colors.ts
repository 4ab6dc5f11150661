// Text colour that stays readable on a theme colour: WCAG relative luminance, pick the better contrast.
export function parseHexColor(value: string): [number, number, number] | null {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(value.trim());
  if (!m) return null;
  let hex = m[1]!;
  if (hex.length === 3) hex = [...hex].map((c) => c + c).join("");
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

function luminance([r, g, b]: [number, number, number]): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export function contrastRatio(a: string, b: string): number {
  const la = luminance(parseHexColor(a) ?? [0, 0, 0]);
  const lb = luminance(parseHexColor(b) ?? [0, 0, 0]);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** AA for normal text; some mid-tones (#9f66ae) fall short of it with both white and #111827. */
const AA = 4.5;

/** White or near-black, whichever reads better; plain black when neither reaches AA (black always does then). */
export function readableTextColor(background: string): "#ffffff" | "#111827" | "#000000" {
  const white = contrastRatio(background, "#ffffff");
  const dark = contrastRatio(background, "#111827");
  const best = white >= dark ? "#ffffff" : "#111827";
  return Math.max(white, dark) >= AA || contrastRatio(background, "#000000") <= Math.max(white, dark) ? best : "#000000";
}
