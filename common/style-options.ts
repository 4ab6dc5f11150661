// The choices of a site's widget style, without runtime imports: the server, the admin pages and
// their browser script (widget/style-page) share them.
export const BUTTONS = ["bottom", "round", "side"] as const;
export const WINDOWS = ["mini", "side", "standard"] as const;
export const POSITIONS = ["right", "left"] as const;
export const DEVICES = ["desktop", "mobile"] as const;
export const FIELD_MODES = ["off", "optional", "required"] as const;
export type Device = (typeof DEVICES)[number];

/** The per-device fields of the button-and-window form (`desktop.<field>`, `mobile.<field>`, and unprefixed for the device shown). */
export const LOOKS_FIELDS = ["button", "position", "window", "color", "label.zh-CN", "label.en"] as const;
