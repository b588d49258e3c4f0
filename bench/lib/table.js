// Formats benchmark rows as a terminal table and as the Markdown of docs/benchmarks.md.

const MB = 1e6;

function fmtInt(n) {
  return Math.round(n).toLocaleString('en-US');
}

/**
 * Derived figures of a row: records/s, MB/s (uncompressed), ratio to the baseline's records/s.
 * @param {any} row
 * @param {any} baseline
 */
export function figures(row, baseline) {
  if (row.result === null) return null;
  const r = row.result;
  const rps = r.records / r.seconds;
  const mbps = r.bytes / MB / r.seconds;
  const base = baseline?.result ? baseline.result.records / baseline.result.seconds : null;
  return {
    records: r.records,
    mb: r.bytes / MB,
    seconds: r.seconds,
    rps,
    mbps,
    ratio: base ? rps / base : null,
    rssMiB: row.maxRssKiB === null ? null : row.maxRssKiB / 1024,
  };
}

const HEAD = ['scenario', 'records', 'MB', 's', 'records/s', 'MB/s', '× gunzip', 'peak RSS MiB', 'notes'];

function cells(row, baseline) {
  const f = figures(row, baseline);
  if (f === null) return [row.label, '—', '—', '—', '—', '—', '—', '—', row.note];
  return [
    row.label,
    fmtInt(f.records),
    f.mb.toFixed(1),
    f.seconds.toFixed(2),
    fmtInt(f.rps),
    f.mbps.toFixed(1),
    f.ratio === null ? '—' : f.ratio.toFixed(2),
    f.rssMiB === null ? 'n/a' : f.rssMiB.toFixed(0),
    row.note,
  ];
}

/** A plain-text table for the terminal. */
export function textTable(rows, baseline) {
  const all = [HEAD, ...rows.map((r) => cells(r, baseline))];
  const widths = HEAD.map((_, i) => Math.max(...all.map((c) => String(c[i]).length)));
  const line = (c) => c.map((x, i) => (i === 0 || i === c.length - 1 ? String(x).padEnd(widths[i]) : String(x).padStart(widths[i]))).join('  ');
  return [line(HEAD), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)].join('\n');
}

/** The same table in Markdown. */
export function markdownTable(rows, baseline) {
  const esc = (x) => String(x).replaceAll('|', '\\|');
  const out = [`| ${HEAD.join(' | ')} |`, `|${HEAD.map((_, i) => (i === 0 || i === HEAD.length - 1 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const r of rows) out.push(`| ${cells(r, baseline).map(esc).join(' | ')} |`);
  return out.join('\n');
}
