// A day in milliseconds, for arithmetic on timestamps. Calendar days in a time zone are the
// business hours' and billing's own matter (src/hours/, src/billing/): they are not always this long.
export const DAY_MS = 86_400_000;
