// The widget's one element in the host page: <parley-widget> with an open shadow root. Inline
// !important declarations beat every rule of the host's stylesheets (`* { all: unset }`,
// `div { display: none }`), and the shadow root keeps the host's CSS out of the widget's inside.
const HOST_STYLE =
  "all:initial!important;display:block!important;position:fixed!important;z-index:2147483000!important;" +
  "right:0!important;bottom:0!important;width:0!important;height:0!important;overflow:visible!important;" +
  "visibility:visible!important;opacity:1!important";

export function createHost(): ShadowRoot {
  const host = document.createElement("parley-widget");
  // Through the CSSOM, not the style attribute: a Content-Security-Policy without 'unsafe-inline' allows it.
  host.style.cssText = HOST_STYLE;
  const root = host.attachShadow({ mode: "open" });
  // Single-page apps that swap <body> or its children (Turbo, pjax) would take the widget with
  // them: put it back. Direct children only, so the host page's own rendering costs us nothing.
  const observer = new MutationObserver(() => attach());
  const attach = () => {
    if (!host.isConnected) (document.body || document.documentElement).appendChild(host);
    observer.observe(document.documentElement, { childList: true });
    if (document.body) observer.observe(document.body, { childList: true });
  };
  attach();
  return root;
}
