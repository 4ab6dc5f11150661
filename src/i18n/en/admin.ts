// admin strings (en). Keys are used as "admin.<key>".
export default {
  "nav.label": "Settings",
  "nav.style": "Style",
  "nav.embed": "Embed code",
  "embed.title": "Embed code",
  "embed.intro": "Paste this code into every page of your website, just before </body>. The chat button appears at the bottom right.",
  "embed.site_key": "Site key",
  "embed.copy": "Copy code",
  "embed.copied": "Copied",
} satisfies Record<string, string>;
