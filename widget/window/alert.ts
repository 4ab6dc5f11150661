// How a reply that the visitor has not seen yet announces itself on the host page: a short chime
// (made with Web Audio: no sound file to fetch, nothing for the page's CSP to allow) unless the
// visitor muted it, and a count in front of the page's title until they look.
import { KEYS, readStored, writeStored } from "../shared/storage";

let audio: AudioContext | undefined;
/** true while the title carries our "(n) " */
let titled = false;

export const isMuted = () => readStored("localStorage", KEYS.mute) === "1";
export const setMuted = (muted: boolean) => writeStored("localStorage", KEYS.mute, muted ? "1" : "0");

/** Two soft notes; returns whether one was played. Browsers start audio only after the visitor has interacted with the page. */
export function chime(): boolean {
  if (isMuted()) return false;
  try {
    audio ??= new AudioContext();
    if (audio.state === "suspended") void audio.resume();
    const t0 = audio.currentTime;
    [880, 1320].forEach((hz, i) => {
      const osc = audio!.createOscillator();
      const gain = audio!.createGain();
      const t = t0 + i * 0.12;
      osc.frequency.value = hz;
      osc.connect(gain).connect(audio!.destination);
      gain.gain.setValueAtTime(0.0001, t);
      gain.gain.exponentialRampToValueAtTime(0.12, t + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.25);
      osc.start(t);
      osc.stop(t + 0.3);
    });
    return true;
  } catch {
    return false;
  }
}

/** "(n) " in front of the host page's title; 0 takes ours away (and never touches a title we did not mark). */
export function titleBadge(n: number): void {
  if (!n && !titled) return;
  const base = titled ? document.title.replace(/^\(\d+\) /, "") : document.title;
  titled = n > 0;
  document.title = n ? `(${Math.min(n, 99)}) ${base}` : base;
}
