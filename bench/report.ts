import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { round } from './lib/stats.js';
import { barChart, formatNumber } from './lib/svg.js';
import type { BenchResults, Figure, Measurement, ScenarioResult, Series } from './lib/types.js';

/**
 * Writes a bench run as results.json (every run of every series), RESULTS.md (tables
 * of medians, derived figures, notes, the profile) and SVG bar charts, and refreshes
 * the README between `<!-- bench:begin -->` and `<!-- bench:end -->` when it has them.
 */
export function writeReport(results: BenchResults, outDir: string, readmePath: string | null): string[] {
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  const write = (name: string, text: string) => {
    writeFileSync(join(outDir, name), text);
    written.push(join(outDir, name));
  };
  write('results.json', `${JSON.stringify(rounded(results), null, 2)}\n`);
  const charts = writeCharts(results, write);
  const markdown = renderMarkdown(results, charts);
  write('RESULTS.md', markdown);
  if (readmePath !== null && existsSync(readmePath)) {
    const readme = readFileSync(readmePath, 'utf8');
    const begin = '<!-- bench:begin -->';
    const end = '<!-- bench:end -->';
    const from = readme.indexOf(begin);
    const to = readme.indexOf(end);
    if (from >= 0 && to > from) {
      writeFileSync(readmePath, `${readme.slice(0, from + begin.length)}\n${renderSummary(results, charts, 'bench/results/')}\n${readme.slice(to)}`);
      written.push(readmePath);
    }
  }
  return written;
}

function rounded<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' ? round(v) : v))) as T;
}

/** Chart file names by scenario id. */
type Charts = Record<string, string[]>;

function writeCharts(results: BenchResults, write: (name: string, text: string) => void): Charts {
  const charts: Charts = {};
  for (const scenario of results.scenarios) {
    if (scenario.series.length === 0) continue;
    const id = scenario.id.toLowerCase();
    const rows = (pick: (m: Measurement) => (number | null)[]) => scenario.series.map((s) => ({ label: s.name, values: pick(s.median) }));
    const files: string[] = [];
    const bound = scenario.figures.find((f) => f.name.startsWith('Bound '));
    write(`${id}-throughput.svg`, barChart({
      title: `${scenario.id} throughput (median of ${results.options.runs} runs, ${results.options.connections} clients)`,
      legend: ['requests/s'], unit: 'req/s', rows: rows((m) => [m.rps]),
      ...(bound !== undefined && typeof bound.value === 'number' && { marker: { value: bound.value, label: `bound at 50 ms: ${formatNumber(bound.value)}` } }),
    }));
    files.push(`${id}-throughput.svg`);
    write(`${id}-latency.svg`, barChart({ title: `${scenario.id} latency (median of runs)`, legend: ['p50', 'p99'], unit: 'ms', rows: rows((m) => [m.p50Millis, m.p99Millis]) }));
    files.push(`${id}-latency.svg`);
    write(`${id}-calls.svg`, barChart({
      title: `${scenario.id} vendor calls per request`, legend: ['upstream calls (simulators saw)', 'vendor reads (resolvers asked)'], unit: 'per request',
      rows: rows((m) => [m.upstreamPerRequest, m.vendorCallsPerRequest]),
    }));
    files.push(`${id}-calls.svg`);
    write(`${id}-cpu.svg`, barChart({ title: `${scenario.id} gateway CPU per request`, legend: ['CPU'], unit: 'ms', rows: rows((m) => [m.cpuMillisPerRequest]) }));
    files.push(`${id}-cpu.svg`);
    charts[scenario.id] = files;
  }
  if (results.profile !== null) {
    write('profile.svg', barChart({
      title: 'CPU profile: self time by package or file', legend: ['share of CPU'], unit: '%',
      rows: results.profile.byGroup.slice(0, 12).map((g) => ({ label: g.group.length > 44 ? `…${g.group.slice(-43)}` : g.group, values: [100 * g.share] })),
    }));
    charts['profile'] = ['profile.svg'];
  }
  return charts;
}

const n = (value: number | null | undefined) => (value === null || value === undefined ? '–' : formatNumber(value));

function spread(series: Series): string {
  const values = series.runs.map((r) => r.rps);
  if (values.length < 2) return '–';
  return `${formatNumber(Math.min(...values))}–${formatNumber(Math.max(...values))}`;
}

function seriesTable(scenario: ScenarioResult): string {
  const lines = [
    '| series | req/s | req/s range | p50 ms | p99 ms | upstream calls / req | resolver vendor reads / req | CPU ms / req | peak RSS MB | errors (all runs) |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const s of scenario.series) {
    const m = s.median;
    lines.push(`| ${s.name} | ${n(m.rps)} | ${spread(s)} | ${n(m.p50Millis)} | ${n(m.p99Millis)} | ${n(m.upstreamPerRequest)} | ${n(m.vendorCallsPerRequest)} | ${n(m.cpuMillisPerRequest)} | ${n(m.peakRssMb)} | ${Math.round(s.runs.reduce((a, r) => a + r.errors, 0)).toLocaleString('en-US')} |`);
  }
  return lines.join('\n');
}

function figureValue(figure: Figure): string {
  const value = typeof figure.value === 'number' ? formatNumber(figure.value) : figure.value;
  return figure.unit === undefined ? value : figure.unit === '%' || figure.unit === '×' ? `${value}${figure.unit === '%' ? ' %' : '×'}` : `${value} ${figure.unit}`;
}

function figureTable(figures: readonly Figure[]): string {
  const lines = ['| figure | value | target | met |', '|---|--:|---|:-:|'];
  for (const f of figures) lines.push(`| ${f.name} | ${figureValue(f)} | ${f.target ?? ''} | ${f.met === undefined ? '' : f.met ? 'yes' : '**no**'} |`);
  return lines.join('\n');
}

function renderMarkdown(results: BenchResults, charts: Charts): string {
  const { machine, options } = results;
  const out: string[] = [
    '# Benchmark results',
    '',
    `Run ${results.startedAt} → ${results.finishedAt} with \`npm run bench${options.quick ? ' -- --quick' : ''}\`: ${options.runs} measured run(s) of ${options.durationSeconds} s per series after ${options.warmupSeconds} s of warm-up, ${options.connections} concurrent clients.`,
    `Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, Node ${machine.node}, ${machine.platform}; load average (1 / 5 / 15 min) ${machine.loadAverage.map((l) => l.toFixed(2)).join(' / ')} at the start, ${machine.loadAverageAtEnd.map((l) => l.toFixed(2)).join(' / ')} at the end${Math.max(...machine.loadAverage, ...machine.loadAverageAtEnd) > machine.cpus ? ' — other work was running on the machine, so absolute figures are pessimistic and noisy; ratios within the run are the steadier figures' : ''}.`,
    '',
    '## How it is measured',
    '',
    ...results.method.map((line) => `- ${line}`),
  ];
  for (const scenario of results.scenarios) {
    out.push('', `## ${scenario.id}: ${scenario.title}`, '');
    if (scenario.status !== 'measured') {
      out.push(`**${scenario.status === 'skipped' ? 'Skipped' : 'Failed'}:** ${scenario.reason ?? ''}`, '', `Request: \`${scenario.request}\``);
      continue;
    }
    out.push(`Request: \`${scenario.request}\``, '', seriesTable(scenario), '');
    if (scenario.figures.length > 0) out.push(figureTable(scenario.figures), '');
    for (const file of charts[scenario.id] ?? []) out.push(`![${scenario.id} ${file}](${file})`, '');
    if (scenario.notes.length > 0) out.push(...scenario.notes.map((note) => `- ${note}`), '');
  }
  if (results.profile !== null) {
    const p = results.profile;
    out.push('', '## Where the CPU goes', '', `${p.scenario}: ${formatNumber(p.totalMillis)} ms of CPU sampled (idle excluded).`, '', '| package or file | self ms | share |', '|---|--:|--:|');
    for (const g of p.byGroup) out.push(`| ${g.group} | ${formatNumber(g.selfMillis)} | ${(100 * g.share).toFixed(1)} % |`);
    out.push('', '| function | where | self ms | share |', '|---|---|--:|--:|');
    for (const f of p.topFunctions) out.push(`| \`${f.name}\` | ${f.where} | ${formatNumber(f.selfMillis)} | ${(100 * f.share).toFixed(1)} % |`);
    out.push('', '![profile](profile.svg)');
  }
  return `${out.join('\n')}\n`;
}

/** The short version for the README: per scenario the median req/s and p99 of each series, and the figures with targets. */
function renderSummary(results: BenchResults, charts: Charts, prefix: string): string {
  const out = [`Latest run: ${results.finishedAt.slice(0, 10)}, ${results.machine.cpus} cores, medians of ${results.options.runs} runs (details: [${prefix}RESULTS.md](${prefix}RESULTS.md)).`, ''];
  out.push('| scenario | series | req/s | p99 ms | upstream calls / req |', '|---|---|--:|--:|--:|');
  for (const scenario of results.scenarios) {
    if (scenario.status !== 'measured') {
      out.push(`| ${scenario.id} | ${scenario.status}: ${scenario.reason?.replace(/\|/g, '/').slice(0, 120) ?? ''} | | | |`);
      continue;
    }
    for (const s of scenario.series) out.push(`| ${scenario.id} | ${s.name} | ${n(s.median.rps)} | ${n(s.median.p99Millis)} | ${n(s.median.upstreamPerRequest)} |`);
  }
  const targets = results.scenarios.flatMap((s) => s.figures.filter((f) => f.target !== undefined).map((f) => ({ id: s.id, f })));
  if (targets.length > 0) {
    out.push('', '| scenario | target | reached | met |', '|---|---|--:|:-:|');
    for (const { id, f } of targets) out.push(`| ${id} | ${f.name}: ${f.target} | ${figureValue(f)} | ${f.met === true ? 'yes' : '**no**'} |`);
  }
  const first = charts['S1']?.[0];
  if (first !== undefined) out.push('', `![S1 throughput](${prefix}${first})`);
  return out.join('\n');
}
