// The loader's stylesheet: the base of the shadow root and the launcher. Theme colours arrive as
// custom properties (--pc background, --pt text) set with style.setProperty, so config values are
// never pasted into CSS text. Sizes are in px: the host page's rem is not ours.
// Class names are shared with the window's stylesheet in the same shadow root: keep them distinct.
export const LOADER_CSS = `
.pw{font:14px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue","PingFang SC","Hiragino Sans GB","Microsoft YaHei",sans-serif;color:#1f2328;-webkit-font-smoothing:antialiased}
.pw *,.pw *::before,.pw *::after{box-sizing:border-box}
.l{position:fixed;right:20px;bottom:20px;width:56px;height:56px;margin:0;padding:0;border:0;border-radius:50%;background:var(--pc);color:var(--pt);cursor:pointer;display:flex;align-items:center;justify-content:center;box-shadow:0 4px 16px rgba(0,0,0,.22);transition:transform .15s ease}
.l:hover{transform:scale(1.06)}
.l:focus-visible{outline:3px solid var(--pc);outline-offset:3px}
.left .l{right:auto;left:20px}
.l svg{width:28px;height:28px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}
.l .lx,.open .l .lc{display:none}
.open .l .lx{display:block}
.b{position:absolute;top:-3px;right:-3px;min-width:20px;height:20px;padding:0 6px;border-radius:10px;background:#e5484d;color:#fff;font:600 12px/20px sans-serif;text-align:center}
.b:empty{display:none}
@media (max-width:640px){.open .l{display:none}}
`;
