// A file in a message: an image shown in the bubble (a link opens it whole), any other file as a
// link that downloads it. Bytes come from the server only for those who may see them (files.ts).
import { useEffect, useState } from "preact/hooks";
import type { Attachment } from "../../common/protocol";
import type { WidgetContext } from "../shared/context";
import { sizeText } from "../../common/size";
import { fileUrl } from "./files";
import type { Translate } from "./translate";

export function AttachmentView({ ctx, a, t }: { ctx: WidgetContext; a: Attachment; t: Translate }) {
  const image = a.type.startsWith("image/");
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (image) fileUrl(ctx, a.id).then(setUrl, () => setUrl(null));
  }, [a.id]);

  if (image)
    return (
      <a class="ai" href={url ?? undefined} target="_blank" rel="noopener" data-testid="attachment" data-type={a.type}>
        {url ? <img src={url} alt={t("image_alt", { name: a.name })} data-testid="attachment-image" /> : <span class="ap" role="img" aria-label={t("image_alt", { name: a.name })} />}
      </a>
    );
  const download = async (e: Event) => {
    e.preventDefault();
    const link = document.createElement("a");
    link.href = await fileUrl(ctx, a.id);
    link.download = a.name;
    link.click();
  };
  return (
    <a class="af" href="#" onClick={download} data-testid="attachment" data-type={a.type} aria-label={t("file_open", { name: a.name })}>
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8Z M14 3v5h5" />
      </svg>
      <span class="afn">{a.name}</span>
      <span class="afs">{sizeText(a.size)}</span>
    </a>
  );
}
