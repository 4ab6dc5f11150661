// The hidden field every form that changes something sends back (src/http/guard.ts checks it).
export const Csrf = (p: { token: string }) => <input type="hidden" name="_csrf" value={p.token} />;
