// A short description of a visitor's device from their user agent, for agents to read at a glance.
// It is stored language-neutral ("desktop · Linux · Chrome": the kind of device as a code word,
// systems and browsers by their brand names) and put in the reader's language when shown (deviceText,
// common/device.ts).
import { DEVICE_SEPARATOR } from "../../common/device";

export function describeDevice(userAgent: string): string {
  const ua = userAgent || "";
  const kind = /iPad|Tablet/i.test(ua) ? "tablet" : /Mobi|Android|iPhone/i.test(ua) ? "mobile" : "desktop";
  const os =
    /Windows/i.test(ua) ? "Windows" : /iPhone|iPad|iOS/i.test(ua) ? "iOS" : /Android/i.test(ua) ? "Android" : /Mac OS X|Macintosh/i.test(ua) ? "macOS" : /Linux/i.test(ua) ? "Linux" : "";
  const browser =
    /MicroMessenger/i.test(ua) ? "WeChat" : /Edg\//.test(ua) ? "Edge" : /Firefox\//.test(ua) ? "Firefox" : /Chrome\/|Chromium\//.test(ua) ? "Chrome" : /Safari\//.test(ua) ? "Safari" : "";
  return [kind, os, browser].filter(Boolean).join(DEVICE_SEPARATOR);
}
