// Charts drawn on the server as SVG: readable without JavaScript, printable, with their numbers in
// <title> elements (a tooltip, and what a screen reader gets) and the same figures in the table
// beside each. Pure functions of their data; colours are fixed (they print).

const COLORS = ["#2563eb", "#dc2626", "#f59e0b", "#16a34a", "#7c3aed"];

export interface Series {
  name: string;
  values: number[];
}

/** Rounds a maximum up to 1, 2 or 5 × 10ⁿ so the axis reads well. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

/** Grouped bars: one group per label, one bar per series. */
export function BarChart(p: { title: string; labels: string[]; series: Series[]; width?: number; height?: number; labelEvery?: number }) {
  const width = p.width ?? 720;
  const height = p.height ?? 240;
  const left = 44;
  const bottom = 40;
  const top = 24;
  const plotW = width - left - 8;
  const plotH = height - top - bottom;
  const max = niceMax(Math.max(0, ...p.series.flatMap((s) => s.values)));
  const n = Math.max(1, p.labels.length);
  const groupW = plotW / n;
  const barW = Math.max(1, (groupW * 0.8) / Math.max(1, p.series.length));
  const every = p.labelEvery ?? Math.max(1, Math.ceil(n / 12));
  const y = (v: number) => top + plotH - (v / max) * plotH;
  return (
    <figure class="report-chart" data-testid="report-chart">
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={p.title} xmlns="http://www.w3.org/2000/svg">
        <title>{p.title}</title>
        {[0, 0.5, 1].map((f) => (
          <g>
            <line x1={left} x2={width - 8} y1={y(max * f)} y2={y(max * f)} stroke="#d1d5db" stroke-width="1" />
            <text x={left - 6} y={y(max * f) + 4} text-anchor="end" font-size="11" fill="#4b5563">
              {String(Math.round(max * f * 100) / 100)}
            </text>
          </g>
        ))}
        {p.labels.map((label, i) => (
          <g>
            {p.series.map((s, j) => {
              const v = s.values[i] ?? 0;
              return (
                <rect x={left + i * groupW + groupW * 0.1 + j * barW} y={y(v)} width={barW} height={Math.max(0, top + plotH - y(v))} fill={COLORS[j % COLORS.length]}>
                  <title>{`${label} · ${s.name}: ${v}`}</title>
                </rect>
              );
            })}
            {i % every === 0 && (
              <text x={left + i * groupW + groupW / 2} y={height - bottom + 14} text-anchor="middle" font-size="10" fill="#4b5563">
                {label}
              </text>
            )}
          </g>
        ))}
        {p.series.length > 1 &&
          p.series.map((s, j) => (
            <g>
              <rect x={left + j * 150} y={height - 14} width="10" height="10" fill={COLORS[j % COLORS.length]} />
              <text x={left + j * 150 + 14} y={height - 5} font-size="11" fill="#111827">
                {s.name}
              </text>
            </g>
          ))}
      </svg>
      <figcaption>{p.title}</figcaption>
    </figure>
  );
}

/** A grid of cells shaded by their value (conversations by weekday and hour). */
export function Heatmap(p: { title: string; rows: string[]; columns: string[]; values: number[][] }) {
  const cell = 26;
  const left = 56;
  const top = 18;
  const width = left + p.columns.length * cell + 4;
  const height = top + p.rows.length * cell + 4;
  const max = Math.max(1, ...p.values.flat());
  return (
    <figure class="report-chart" data-testid="report-chart">
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={p.title} xmlns="http://www.w3.org/2000/svg">
        <title>{p.title}</title>
        {p.columns.map((c, i) => (
          <text x={left + i * cell + cell / 2} y={12} text-anchor="middle" font-size="10" fill="#4b5563">
            {c}
          </text>
        ))}
        {p.rows.map((r, j) => (
          <g>
            <text x={left - 6} y={top + j * cell + cell / 2 + 4} text-anchor="end" font-size="11" fill="#111827">
              {r}
            </text>
            {p.columns.map((c, i) => {
              const v = p.values[j]?.[i] ?? 0;
              return (
                <rect x={left + i * cell} y={top + j * cell} width={cell - 2} height={cell - 2} fill="#2563eb" fill-opacity={v ? 0.12 + (0.88 * v) / max : 0.04} stroke="#e5e7eb">
                  <title>{`${r} ${c}: ${v}`}</title>
                </rect>
              );
            })}
          </g>
        ))}
      </svg>
      <figcaption>{p.title}</figcaption>
    </figure>
  );
}

/** One bar split into parts (shares of a whole), with each part's label and share. */
export function ShareBar(p: { title: string; parts: { name: string; value: number }[] }) {
  const width = 720;
  const height = 64;
  const total = p.parts.reduce((a, b) => a + b.value, 0);
  let x = 0;
  return (
    <figure class="report-chart" data-testid="report-chart">
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={p.title} xmlns="http://www.w3.org/2000/svg">
        <title>{p.title}</title>
        {total === 0 && <rect x="0" y="8" width={width} height="24" fill="#f3f4f6" />}
        {p.parts.map((part, i) => {
          const w = total ? (part.value / total) * width : 0;
          const at = x;
          x += w;
          return (
            <g>
              <rect x={at} y="8" width={w} height="24" fill={COLORS[i % COLORS.length]}>
                <title>{`${part.name}: ${part.value}`}</title>
              </rect>
              <rect x={i * 240} y="42" width="10" height="10" fill={COLORS[i % COLORS.length]} />
              <text x={i * 240 + 14} y="51" font-size="11" fill="#111827">
                {`${part.name}: ${part.value}${total ? ` (${((100 * part.value) / total).toFixed(1)}%)` : ""}`}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>{p.title}</figcaption>
    </figure>
  );
}
