// Attachments from the visitor's side: uploading a file before its message is sent, and fetching a
// file to show it. Fetching is a POST that carries the visitor's id (their credential, which does
// not belong in a URL); the bytes become a blob: URL, kept for the page's life.
import { LIMITS, type Attachment } from "../../common/protocol";
import type { WidgetContext } from "../shared/context";

const urls = new Map<string, Promise<string>>();

const form = (ctx: WidgetContext, extra: Record<string, string | Blob> = {}) => {
  const body = new FormData();
  for (const [k, v] of Object.entries({ site: ctx.site, vid: ctx.visitorId, lang: ctx.config.lang, ...extra })) body.append(k, v);
  return body;
};

/** Uploads a file; resolves with what a message can carry, or rejects with the reason to show. */
export async function uploadFile(ctx: WidgetContext, file: File, tooLarge: string): Promise<Attachment> {
  if (file.size > LIMITS.maxAttachmentBytes) throw new Error(tooLarge);
  const res = await fetch(`${ctx.origin}/api/widget/uploads`, { method: "POST", body: form(ctx, { file }) });
  const reply = await res.json().catch(() => ({}));
  if (!res.ok || !reply.attachment) throw new Error(reply?.error?.message || `HTTP ${res.status}`);
  const a: Attachment = reply.attachment;
  // The visitor's own file is shown from their copy: no second download.
  urls.set(a.id, Promise.resolve(URL.createObjectURL(file)));
  return a;
}

/** A blob: URL of the file's bytes (fetched once). */
export function fileUrl(ctx: WidgetContext, id: string): Promise<string> {
  let url = urls.get(id);
  if (!url) {
    url = fetch(`${ctx.origin}/api/widget/files/${encodeURIComponent(id)}`, { method: "POST", body: form(ctx) }).then(async (res) => {
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return URL.createObjectURL(await res.blob());
    });
    url.catch(() => urls.delete(id));
    urls.set(id, url);
  }
  return url;
}
