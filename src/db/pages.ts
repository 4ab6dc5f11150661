// Paged lists: the page asked for, clamped to those that exist. One rule for every paged list
// (audit log, ledgers, queues, directories, word and block lists), so page 0, -3, 2.5 or 999 all
// land on a real page.

/** How many pages `total` rows make (at least one, an empty list's), and the page to show of them. */
export function pageOf(total: number, size: number, asked: number | undefined): { pages: number; page: number } {
  const pages = Math.max(1, Math.ceil(total / size));
  return { pages, page: Math.min(Math.max(1, Math.floor(asked ?? 1) || 1), pages) };
}
