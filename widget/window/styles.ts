// The chat window's stylesheet, adopted by the shadow root next to the loader's. Theme colours come
// from the custom properties the loader sets (--pc background, --pt text on it); the window's
// shape from the mount's lw-* class (mini, side panel, standard) on pages wider than 640 px. On a
// phone the window always fills the screen.
export const WINDOW_CSS = `
.w{position:fixed;display:flex;flex-direction:column;background:light-dark(#fff,#1c2128);overflow:hidden;animation:pw-in .18s ease-out}
.w[hidden]{display:none}
@keyframes pw-in{from{opacity:0;transform:translateY(12px)}}
@keyframes pw-fade{from{opacity:0}}
@media (min-width:641px){
.w{right:20px;bottom:88px;width:360px;height:520px;max-height:calc(100vh - 108px);border-radius:14px;box-shadow:0 12px 40px rgba(0,0,0,.18),0 2px 6px rgba(0,0,0,.08)}
.left .w{right:auto;left:20px}
.lb-bottom .w,.lb-side .w{bottom:20px;max-height:calc(100vh - 40px)}
.lb-bottom.lw-mini .w{bottom:0;border-radius:14px 14px 0 0}
.lw-side .w{top:0;bottom:0;right:0;width:400px;height:auto;max-height:none;border-radius:0;animation-name:pw-fade}
.left.lw-side .w{left:0;right:auto}
.lw-standard .w{top:32px;bottom:32px;left:0;right:0;margin:0 auto;width:min(1000px,calc(100vw - 48px));height:auto;max-height:none;animation-name:pw-fade;box-shadow:0 0 0 100vmax rgba(15,23,42,.45),0 16px 48px rgba(0,0,0,.3)}
}
.h{display:flex;align-items:center;gap:4px;padding:12px 8px 12px 16px;background:var(--pc);color:var(--pt);flex:none}
.hi{width:36px;height:36px;margin-right:6px;border-radius:50%;object-fit:cover;background:#fff;flex:none}
.hl{display:flex;align-items:center;justify-content:center;background:rgba(255,255,255,.85);color:#1f2328;font-weight:700;font-size:16px}
.ht{flex:1;min-width:0}
.hn{font-size:16px;font-weight:600;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.hs{display:flex;align-items:center;gap:6px;font-size:12px;white-space:nowrap;overflow:hidden}
.dot{width:8px;height:8px;border-radius:50%;background:#f5a524;box-shadow:0 0 0 2px rgba(255,255,255,.6);flex:none}
.hs[data-state=open][data-online=true] .dot{background:#22c55e}
.hs[data-state=open][data-online=false] .dot{background:#9ca3af}
.hb,.cb{height:32px;min-width:32px;margin:0;padding:0 8px;border:0;border-radius:8px;background:transparent;color:inherit;font:600 13px/32px inherit;cursor:pointer;display:flex;align-items:center;justify-content:center;flex:none}
.hb:hover,.hb:focus-visible,.cb:hover,.cb:focus-visible{background:rgba(127,127,127,.22)}
.hb:focus-visible,.cb:focus-visible,.sb:focus-visible,.ep button:focus-visible,.w a:focus-visible{outline:2px solid currentColor;outline-offset:1px}
.hb svg,.sb svg,.cb svg,.af svg{width:20px;height:20px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}
.ms{flex:1;overflow-y:auto;overscroll-behavior:contain;padding:14px 12px 8px;background:light-dark(#f5f6f8,#111418);display:flex;flex-direction:column}
.in,.off{margin:0 0 10px;padding:10px 12px;border-radius:12px;font-size:13px;white-space:pre-wrap}
.in{align-self:flex-start;max-width:85%;background:light-dark(#fff,#1c2128);box-shadow:0 1px 2px rgba(0,0,0,.06)}
.off{background:light-dark(#fff7e6,#33260a);color:light-dark(#7a4b00,#fcd34d);border:1px solid light-dark(#fde3b0,#7c5a12)}
.r{display:flex;flex-direction:column;max-width:80%;margin-top:2px}
.r.gap{margin-top:10px}
.r.visitor{align-self:flex-end;align-items:flex-end}
.r.agent{align-self:flex-start;align-items:flex-start}
.r.system,.nt{align-self:center;max-width:90%;text-align:center}
.m{padding:8px 12px;border-radius:16px;white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word}
.visitor .m{background:var(--pc);color:var(--pt);border-bottom-right-radius:5px}
.agent .m{background:light-dark(#fff,#1c2128);color:light-dark(#1f2328,#e6e8eb);border-bottom-left-radius:5px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.system .m,.nt{padding:2px 8px;color:light-dark(#5b6270,#a9b0ba);font-size:12px}
.nt{margin:10px 0 2px}
.nt.end{margin:14px 0 4px;padding:4px 12px;border-top:1px solid light-dark(#e2e5ea,#30363f);border-radius:0;color:light-dark(#4b5563,#b4bac4)}
.qp{flex:none;padding:8px 14px;background:light-dark(#fff7e6,#33260a);color:light-dark(#7a4b00,#fcd34d);border-top:1px solid light-dark(#fde3b0,#7c5a12);font-size:13px;text-align:center}
.m[data-status=pending]{opacity:.6}
.fm{display:flex;flex-direction:column;gap:6px}
.ai{display:block;color:inherit}
.ai img{display:block;max-width:220px;max-height:220px;border-radius:10px;background:#fff}
.ap{display:block;width:160px;height:110px;border-radius:10px;background:rgba(127,127,127,.25)}
.af{display:flex;align-items:center;gap:8px;color:inherit;text-decoration:none}
.afn{text-decoration:underline;overflow-wrap:anywhere}
.afs{font-size:12px;opacity:.85;white-space:nowrap}
.up{font-style:italic}
.an{margin:0 6px 3px;font-size:12px;color:light-dark(#5b6270,#a9b0ba)}
.mt{margin:3px 6px 0;font-size:11px;color:light-dark(#5b6270,#a9b0ba)}
.st::before{content:"\\b7";margin:0 4px}
.ty{margin-top:8px;font-size:12px;color:light-dark(#5b6270,#a9b0ba);font-style:italic}
.c{display:flex;align-items:flex-end;gap:6px;padding:10px 12px;border-top:1px solid light-dark(#e7e9ee,#30363f);background:light-dark(#fff,#1c2128);flex:none}
.c textarea{flex:1;min-height:40px;max-height:120px;margin:0;padding:9px 12px;border:1px solid light-dark(#d0d5dd,#4b5563);border-radius:12px;background:light-dark(#fff,#1c2128);color:light-dark(#1f2328,#e6e8eb);font:inherit;resize:none;outline:none}
.c textarea:focus{border-color:var(--pc);box-shadow:0 0 0 3px rgba(127,127,127,.25)}
.ct{display:flex;gap:2px;padding-bottom:4px;color:light-dark(#4b5563,#b4bac4)}
.sb{width:40px;height:40px;margin:0;padding:0;border:0;border-radius:12px;background:var(--pc);color:var(--pt);cursor:pointer;display:flex;align-items:center;justify-content:center;flex:none}
.sb:disabled{opacity:.45;cursor:default}
.ep{display:grid;grid-template-columns:repeat(8,1fr);gap:2px;margin:0 12px 8px;padding:6px;border:1px solid light-dark(#e2e5ea,#30363f);border-radius:12px;background:light-dark(#fff,#1c2128);box-shadow:0 6px 20px rgba(0,0,0,.12);flex:none}
.ep button{height:34px;margin:0;padding:0;border:0;border-radius:8px;background:none;font:20px/34px "Apple Color Emoji","Segoe UI Emoji","Noto Color Emoji",sans-serif;cursor:pointer}
.ep button:hover{background:light-dark(#f0f1f4,#2a3039)}
.er{padding:0 14px 10px;background:light-dark(#fff,#1c2128);color:light-dark(#b42318,#fca5a5);font-size:12px}
.rt{align-self:stretch;margin:10px 4px 4px;padding:12px;border-radius:12px;background:light-dark(#fff,#1c2128);box-shadow:0 1px 2px rgba(0,0,0,.08);display:flex;flex-direction:column;gap:8px}
.rt.done{text-align:center;color:light-dark(#1f2328,#e6e8eb)}
.rt fieldset{margin:0;padding:0;border:0}
.rt legend{padding:0;margin-bottom:4px;font-weight:600}
.rs{display:flex;gap:4px}
.rs label{position:relative;cursor:pointer;color:light-dark(#9aa1ab,#7b8490)}
.rs label.on{color:#d97706}
.rs input{position:absolute;opacity:0;width:100%;height:100%;margin:0;cursor:pointer}
.rs svg{width:30px;height:30px;fill:currentColor;stroke:currentColor;stroke-width:1}
.rs input:focus-visible+svg{outline:2px solid light-dark(#1f2328,#e6e8eb);border-radius:4px}
.rt textarea{width:100%;margin:0;padding:8px 10px;border:1px solid light-dark(#d0d5dd,#4b5563);border-radius:8px;font:inherit;resize:vertical}
@media (prefers-reduced-motion:reduce){.w{animation:none}}
@media (max-width:640px){
.w{top:0;left:0;right:0;bottom:0;width:100vw;height:100vh;height:100dvh;border-radius:0;animation:none}
.c{padding-bottom:max(10px,env(safe-area-inset-bottom))}
.c textarea,.rt textarea{font-size:16px}
}
`;
