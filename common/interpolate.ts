// Fills a catalogue message's {name} placeholders. The server's catalogues (src/i18n), the widget's
// and the workspace's translators all use it, so a message reads the same wherever it is shown.

/** `template` with each {name} replaced by params[name]; a placeholder without a value stays as it is. */
export function interpolate(template: string, params?: Record<string, string | number>): string {
  return params ? template.replace(/\{(\w+)\}/g, (m, p: string) => (p in params ? String(params[p]) : m)) : template;
}
