// The loader's stylesheet: the base of the shadow root and the three launcher styles (lb-round,
// lb-bottom, lb-side on the mount). Theme colours arrive as custom properties (--pc background,
// --pt text) set with style.setProperty, so config values are never pasted into CSS text. Sizes
// are in px: the host page's rem is not ours. Class names are shared with the window's stylesheet
// in the same shadow root: keep them distinct.
export const LOADER_CSS = `
.pw{font:14px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue","PingFang SC","Hiragino Sans GB","Microsoft YaHei",sans-serif;color:light-dark(#1f2328,#e6e8eb);-webkit-font-smoothing:antialiased}
.pw *,.pw *::before,.pw *::after{box-sizing:border-box}
.l{position:fixed;right:20px;bottom:20px;margin:0;padding:0;border:0;background:var(--pc);color:var(--pt);font:600 15px/1.2 inherit;cursor:pointer;display:flex;align-items:center;justify-content:center;gap:8px;box-shadow:0 4px 16px rgba(0,0,0,.22);transition:transform .15s ease}
.l:focus-visible{outline:3px solid #1f2328;outline-offset:2px;box-shadow:0 0 0 2px #fff}
.left .l{right:auto;left:20px}
.l svg{width:26px;height:26px;flex:none;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}
.lt{white-space:nowrap}
.lb-round .l{width:56px;height:56px;border-radius:50%}
.lb-round .l:hover{transform:scale(1.06)}
.lb-round .lt{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
.lb-bottom .l{bottom:0;height:46px;min-width:190px;padding:0 22px;border-radius:12px 12px 0 0}
.lb-side .l{top:50%;bottom:auto;right:0;transform:translateY(-50%);flex-direction:column;width:46px;padding:16px 0;border-radius:12px 0 0 12px}
.left.lb-side .l{left:0;border-radius:0 12px 12px 0}
.lb-side .lt{writing-mode:vertical-rl;letter-spacing:.08em}
.l .lx,.open .l .lc{display:none}
.open .l .lx{display:block}
.open.lb-bottom .l,.open.lb-side .l{display:none}
.b{position:absolute;top:-6px;right:-6px;min-width:20px;height:20px;padding:0 6px;border-radius:10px;background:#c4320a;color:#fff;font:700 12px/20px sans-serif;text-align:center}
.lb-side .b{right:auto;left:-8px}
.left.lb-side .b{left:auto;right:-8px}
.b:empty{display:none}
@media (max-width:640px){.open .l{display:none}}
@media (prefers-reduced-motion:reduce){.l{transition:none}}
`;
