// The chat window's stylesheet, added to the shadow root next to the loader's. Theme colours come
// from the custom properties the loader sets (--pc background, --pt text on it).
export const WINDOW_CSS = `
.w{position:fixed;right:20px;bottom:88px;width:360px;height:520px;max-height:calc(100vh - 108px);display:flex;flex-direction:column;background:#fff;border-radius:14px;overflow:hidden;box-shadow:0 12px 40px rgba(0,0,0,.18),0 2px 6px rgba(0,0,0,.08);animation:pw-in .18s ease-out}
.w[hidden]{display:none}
.left .w{right:auto;left:20px}
@keyframes pw-in{from{opacity:0;transform:translateY(12px)}}
.h{display:flex;align-items:center;gap:4px;padding:12px 8px 12px 16px;background:var(--pc);color:var(--pt);flex:none}
.ht{flex:1;min-width:0}
.hn{font-size:16px;font-weight:600;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.hs{display:flex;align-items:center;gap:6px;font-size:12px;opacity:.9}
.dot{width:8px;height:8px;border-radius:50%;background:#f5a524;box-shadow:0 0 0 2px rgba(255,255,255,.6)}
.hs[data-state=open] .dot{background:#22c55e}
.hb{height:32px;min-width:32px;margin:0;padding:0 8px;border:0;border-radius:8px;background:transparent;color:inherit;font:600 13px/32px inherit;cursor:pointer;display:flex;align-items:center;justify-content:center}
.hb:hover,.hb:focus-visible{background:rgba(127,127,127,.22);outline:none}
.hb svg,.sb svg{width:20px;height:20px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}
.ms{flex:1;overflow-y:auto;overscroll-behavior:contain;padding:14px 12px 8px;background:#f5f6f8;display:flex;flex-direction:column}
.in,.off{margin:0 0 10px;padding:10px 12px;border-radius:12px;font-size:13px}
.in{align-self:flex-start;max-width:85%;background:#fff;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.off{background:#fff7e6;color:#7a4b00;border:1px solid #fde3b0}
.r{display:flex;flex-direction:column;max-width:80%;margin-top:2px}
.r.gap{margin-top:10px}
.r.visitor{align-self:flex-end;align-items:flex-end}
.r.agent{align-self:flex-start;align-items:flex-start}
.r.system,.nt{align-self:center;max-width:90%;text-align:center}
.m{padding:8px 12px;border-radius:16px;white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word}
.visitor .m{background:var(--pc);color:var(--pt);border-bottom-right-radius:5px}
.agent .m{background:#fff;color:#1f2328;border-bottom-left-radius:5px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.system .m,.nt{padding:2px 8px;color:#6b7280;font-size:12px}
.nt{margin:10px 0 2px}
.nt.end{margin:14px 0 4px;padding:4px 12px;border-top:1px solid #e2e5ea;border-radius:0;color:#4b5563}
.qp{flex:none;padding:8px 14px;background:#fff7e6;color:#7a4b00;border-top:1px solid #fde3b0;font-size:13px;text-align:center}
.m[data-status=pending]{opacity:.6}
.an{margin:0 6px 3px;font-size:12px;color:#6b7280}
.mt{margin:3px 6px 0;font-size:11px;color:#8b929a}
.st::before{content:"\\b7";margin:0 4px}
.ty{margin-top:8px;font-size:12px;color:#6b7280;font-style:italic}
.c{display:flex;align-items:flex-end;gap:8px;padding:10px 12px;border-top:1px solid #e7e9ee;background:#fff;flex:none}
.c textarea{flex:1;min-height:40px;max-height:120px;margin:0;padding:9px 12px;border:1px solid #d0d5dd;border-radius:12px;background:#fff;color:#1f2328;font:inherit;resize:none;outline:none}
.c textarea:focus{border-color:var(--pc);box-shadow:0 0 0 3px rgba(127,127,127,.15)}
.sb{width:40px;height:40px;margin:0;padding:0;border:0;border-radius:12px;background:var(--pc);color:var(--pt);cursor:pointer;display:flex;align-items:center;justify-content:center;flex:none}
.sb:disabled{opacity:.45;cursor:default}
.er{padding:0 14px 10px;background:#fff;color:#b42318;font-size:12px}
@media (prefers-reduced-motion:reduce){.w{animation:none}}
@media (max-width:640px){
.w,.left .w{top:0;left:0;right:0;bottom:0;width:100vw;height:100vh;height:100dvh;max-height:none;border-radius:0;animation:none}
.c{padding-bottom:max(10px,env(safe-area-inset-bottom))}
.c textarea{font-size:16px}
}
`;
