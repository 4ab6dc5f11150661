// Loads the agent's quick replies once per page session (the picker filters them locally). A failed
// load is forgotten so that the next "/" tries again.
import { prepareReplies, type PickerReply, type RawReply } from "./filter";

let loading: Promise<PickerReply[]> | null = null;

export function loadQuickReplies(): Promise<PickerReply[]> {
  loading ??= fetch("/api/quick-replies", { credentials: "same-origin", headers: { accept: "application/json" } })
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))))
    .then((body: { replies: RawReply[] }) => prepareReplies(body.replies))
    .catch((e) => {
      loading = null;
      throw e;
    });
  return loading;
}
