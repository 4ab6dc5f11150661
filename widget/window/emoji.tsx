// A small emoji picker: a grid of common emoji (no library, no images: the system's emoji font).
// Arrow keys move within the grid, Tab leaves it, Enter picks, Escape closes it back to its button.
import { useEffect, useRef } from "preact/hooks";
import type { Translate } from "./translate";

const EMOJI = "😀 😁 😂 🤣 😊 😍 😘 😎 🤔 😅 😭 😡 😴 🙄 😮 🥳 👍 👎 👏 🙏 💪 👌 🤝 👋 ❤️ 💔 🎉 🔥 ✨ ⭐ ✅ ❌ ❓ ❗ 💯 📦 🚚 💰 🛒 📞 📧 ⏰ 📍 🌹 ☕ 🎁 🙂 😉".split(" ");
const COLS = 8;
const STEP: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: COLS, ArrowUp: -COLS };

export function EmojiPicker({ t, onPick, onClose }: { t: Translate; onPick: (emoji: string) => void; onClose: (refocus: boolean) => void }) {
  const grid = useRef<HTMLDivElement>(null);
  useEffect(() => grid.current?.querySelector("button")?.focus(), []);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Escape") {
      // Close the picker only, not the chat window.
      e.stopPropagation();
      return onClose(true);
    }
    const buttons = [...grid.current!.querySelectorAll("button")];
    const i = buttons.indexOf(e.target as HTMLButtonElement);
    if (!(e.key in STEP) || i < 0) return;
    e.preventDefault();
    buttons[Math.min(buttons.length - 1, Math.max(0, i + STEP[e.key]!))]!.focus();
  };

  return (
    <div
      class="ep"
      ref={grid}
      role="dialog"
      aria-label={t("emoji_list")}
      data-testid="emoji-picker"
      onKeyDown={onKeyDown}
      onFocusOut={(e) => !grid.current?.contains(e.relatedTarget as Node) && onClose(false)}
    >
      {EMOJI.map((emoji, i) => (
        <button type="button" key={emoji} tabIndex={i === 0 ? 0 : -1} onClick={() => onPick(emoji)} data-testid="emoji">
          {emoji}
        </button>
      ))}
    </div>
  );
}
