// The customer names the visitor panel's card has loaded, by visitor: a quick reply's
// {visitor_name} uses it when the visitor gave no name in the pre-chat form. Browser memory only.
const names = new Map<string, string>();
const MAX = 500;

export function rememberCustomerName(visitorId: string, name: string): void {
  names.delete(visitorId);
  if (name) names.set(visitorId, name);
  // Oldest first out: a long shift's worth of visitors is plenty.
  if (names.size > MAX) names.delete(names.keys().next().value!);
}

export function customerName(visitorId: string): string {
  return names.get(visitorId) ?? "";
}
