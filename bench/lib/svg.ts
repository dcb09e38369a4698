/**
 * Bar charts as small hand-written SVG: one horizontal bar per row, grouped when a
 * row has several values (e.g. p50 and p99), value written at the bar's end.
 */
export interface BarRow {
  label: string;
  values: (number | null)[];
}

export interface BarChart {
  title: string;
  /** One name per value of a row, for the legend, e.g. ['p50', 'p99']. */
  legend: string[];
  unit: string;
  rows: BarRow[];
  /** A vertical rule, e.g. a target or a bound. */
  marker?: { value: number; label: string };
}

const COLORS = ['#2f6fb0', '#e08a2c', '#5a9e4b', '#9b59b6'];
const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '–';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function barChart(chart: BarChart): string {
  const labelWidth = 290;
  const plotWidth = 420;
  const valueWidth = 90;
  const barHeight = 16;
  const gap = 10;
  const groupHeight = chart.legend.length * barHeight + gap;
  const top = 48;
  const height = top + chart.rows.length * groupHeight + 24;
  const width = labelWidth + plotWidth + valueWidth;
  const max = Math.max(chart.marker?.value ?? 0, ...chart.rows.flatMap((row) => row.values.filter((v): v is number => v !== null && Number.isFinite(v)))) || 1;
  const x = (value: number) => labelWidth + (value / max) * plotWidth;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="12" y="20" font-size="14" font-weight="bold" fill="#222">${esc(chart.title)}</text>`,
  ];
  // Legend items side by side, each as wide as its text (about 7 px a character at 12 px).
  let lx = 12;
  chart.legend.forEach((name, i) => {
    const text = `${name}${chart.legend.length === 1 ? ` (${chart.unit})` : ''}`;
    parts.push(`<rect x="${lx}" y="30" width="10" height="10" fill="${COLORS[i % COLORS.length]}"/>`, `<text x="${lx + 14}" y="39" fill="#444">${esc(text)}</text>`);
    lx += 14 + text.length * 7 + 16;
  });
  if (chart.legend.length > 1) parts.push(`<text x="${lx}" y="39" fill="#444">(${esc(chart.unit)})</text>`);
  chart.rows.forEach((row, r) => {
    const y0 = top + r * groupHeight;
    parts.push(`<text x="${labelWidth - 8}" y="${y0 + (chart.legend.length * barHeight) / 2 + 4}" text-anchor="end" fill="#222">${esc(row.label)}</text>`);
    row.values.forEach((value, i) => {
      const y = y0 + i * barHeight;
      if (value === null || !Number.isFinite(value)) {
        parts.push(`<text x="${labelWidth + 4}" y="${y + 12}" fill="#888">n/a</text>`);
        return;
      }
      const w = Math.max(1, x(value) - labelWidth);
      parts.push(
        `<rect x="${labelWidth}" y="${y + 1}" width="${w.toFixed(1)}" height="${barHeight - 3}" fill="${COLORS[i % COLORS.length]}"/>`,
        `<text x="${(labelWidth + w + 4).toFixed(1)}" y="${y + 12}" fill="#222">${formatNumber(value)}</text>`,
      );
    });
  });
  if (chart.marker !== undefined) {
    const mx = x(chart.marker.value).toFixed(1);
    parts.push(
      `<line x1="${mx}" y1="${top - 4}" x2="${mx}" y2="${height - 20}" stroke="#c0392b" stroke-dasharray="4 3"/>`,
      `<text x="${mx}" y="${height - 6}" text-anchor="middle" fill="#c0392b">${esc(chart.marker.label)}</text>`,
    );
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
