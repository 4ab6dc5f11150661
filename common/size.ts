// A file's size as people read it, wherever a file is shown (widget, workspace, History).
// No imports: the widget's bundle takes it as it is.
export function sizeText(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
