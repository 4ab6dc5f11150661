// Lengths of time in milliseconds, for arithmetic on timestamps (days in a time zone are
// src/hours/ and src/billing/ matters: a calendar day is not always DAY_MS long there).
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
