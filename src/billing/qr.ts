// The payment QR code as an SVG image. `qrcode` (npm) draws it: a well-kept library for what it does
// better than we would; it is plain JavaScript, works under Bun and bundles into the executable. The
// SVG goes into an <img> as a data: URI, which the pages' CSP allows (img-src data:) and which cannot
// run anything, whatever the gateway put in the text.
import QRCode from "qrcode";

/** Longer texts are no payment link (WeChat's code_url and Alipay's qr_code are well under 200). */
export const QR_MAX_TEXT = 1000;

export async function qrDataUri(text: string): Promise<string> {
  const svg = await QRCode.toString(text.slice(0, QR_MAX_TEXT), { type: "svg", margin: 2, errorCorrectionLevel: "M" });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}
