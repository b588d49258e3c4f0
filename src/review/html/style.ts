/**
 * The review page's stylesheet (inline, so the page needs nothing from the network). Light and dark
 * colour schemes; the table header stays visible while scrolling; printing drops the controls.
 */
export const REVIEW_CSS = `
:root { color-scheme: light dark; --fg: #111827; --muted: #6b7280; --bg: #ffffff; --panel: #f9fafb; --line: #e5e7eb; --accent: #2563eb; --bad: #dc2626; --warn: #b45309; }
@media (prefers-color-scheme: dark) { :root { --fg: #e5e7eb; --muted: #9ca3af; --bg: #111827; --panel: #1f2937; --line: #374151; --accent: #60a5fa; --bad: #f87171; --warn: #fbbf24; } }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 32px 0 10px; }
.meta { color: var(--muted); margin: 0; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 18px 0 0; padding: 0; list-style: none; }
.cards li { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; min-width: 120px; }
.cards b { display: block; font-size: 20px; }
.cards .bad b { color: var(--bad); }
.cards .warn b { color: var(--warn); }
.cards span { color: var(--muted); font-size: 12px; }
.warning { color: var(--warn); }
.chart { overflow-x: auto; background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 8px; }
#timeline text { font-size: 11px; fill: var(--muted); }
#timeline .lane-label { fill: var(--fg); font-size: 12px; }
#timeline .grid { stroke: var(--line); stroke-width: 1; }
#timeline .lane { fill: transparent; }
#timeline .lane.alt { fill: rgba(127, 127, 127, 0.07); }
#timeline .dot { cursor: pointer; }
#timeline .dot.faded { opacity: 0.12; }
#timeline .series { cursor: default; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; list-style: none; padding: 0; margin: 8px 0 0; color: var(--muted); font-size: 12px; }
.controls { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 14px; margin: 0 0 10px; }
.controls input[type=search] { min-width: 260px; padding: 5px 8px; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--fg); }
.controls select, .controls button { padding: 4px 6px; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--fg); }
#shown { color: var(--muted); }
.scroll { overflow: auto; max-height: 70vh; border: 1px solid var(--line); border-radius: 8px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { position: sticky; top: 0; background: var(--panel); white-space: nowrap; }
table.sortable th { cursor: pointer; user-select: none; }
th[aria-sort=ascending]::after { content: " \\25B2"; font-size: 10px; }
th[aria-sort=descending]::after { content: " \\25BC"; font-size: 10px; }
td.num, th.num { text-align: right; }
td.time, td.mono, td.id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; white-space: nowrap; }
/* At 1280 px the Session and Detections columns stay on screen: they come before the free-text columns,
   and the cells before them have bounded widths (event names wrap, detection titles are cut). Long user
   agents, addresses and file names wrap anywhere inside their cell; min-widths keep those cells readable,
   since an automatic table layout shrinks a cell that can wrap anywhere to one character otherwise. */
td.event { min-width: 9em; overflow-wrap: anywhere; }
td.ua { min-width: 16em; max-width: 32em; overflow-wrap: anywhere; }
td.ua .ua-item { display: block; }
td.ua .ua-item + .ua-item { margin-top: 4px; }
td.ip, td.file { white-space: normal; overflow-wrap: anywhere; }
td.ip { min-width: 10.5em; }
td.file { min-width: 20em; }
td.nowrap { white-space: nowrap; }
.det { display: block; white-space: nowrap; max-width: 14em; overflow: hidden; text-overflow: ellipsis; }
tr.context td { color: var(--muted); }
.cat { display: inline-block; padding: 0 6px; border-radius: 9px; color: #ffffff; font-size: 12px; white-space: nowrap; }
.cat.ctx { background: transparent !important; color: var(--muted); border: 1px solid var(--line); }
.failure { color: var(--bad); font-weight: 600; }
.nomfa { color: var(--warn); font-weight: 600; }
.none { color: var(--bad); font-weight: 600; }
a.session { color: var(--accent); cursor: pointer; text-decoration: underline; }
.tables { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 0 32px; }
footer { margin-top: 36px; color: var(--muted); font-size: 12px; }
@media print { .controls { display: none; } .scroll { max-height: none; overflow: visible; } }
`;
