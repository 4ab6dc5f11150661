// Places in the queue, computed the same way by the server (the visitor's "you are number 3") and the
// workspace (the queue list's numbers), so both always show the same place.

/** Each waiting conversation's place in its site's queue, 1 = next, in the order given (FIFO order). */
export function queuePositions(waiting: readonly { siteId: string }[]): number[] {
  const perSite = new Map<string, number>();
  return waiting.map((w) => {
    const n = (perSite.get(w.siteId) ?? 0) + 1;
    perSite.set(w.siteId, n);
    return n;
  });
}
