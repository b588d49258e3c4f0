/**
 * Brief overview: turns a finished `Report` (src/report/model.ts) into text in one of four formats.
 *
 * Every renderer is a pure function of the report and the options: no I/O, no clock, no environment.
 * The CLI decides the format and whether to colour (a TTY with `NO_COLOR` unset) and writes the string
 * where the user asked. Formats:
 * - `table`: terminal output for people (the only one that may colour);
 * - `json`: the report itself, pretty-printed in the model's key order (docs/report-schema.md);
 * - `markdown`: a summary for pull-request comments;
 * - `junit`: JUnit XML for CI test reporting, a test case per detection and root-usage category.
 */
import { renderJson } from './json/json.js';
import { renderJunit } from './junit/junit.js';
import { renderMarkdown } from './markdown/markdown.js';
import type { Report } from './model.js';
import { renderTable } from './table/table.js';

/** The output formats `renderReport` knows. */
export type ReportFormat = 'table' | 'json' | 'markdown' | 'junit';

/** Every format, in the order `--help` lists them. */
export const REPORT_FORMATS: readonly ReportFormat[] = ['table', 'json', 'markdown', 'junit'];

/** Options every renderer receives. */
export interface RenderOptions {
  /** Emit ANSI colour codes (only the table format colours; the others ignore it). */
  readonly color: boolean;
  /** The terminal's width in columns: the table format fits its tables into it (the others ignore it). */
  readonly width?: number;
}

/** True when `name` is one of {@link REPORT_FORMATS}. */
export function isReportFormat(name: string): name is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(name);
}

const RENDERERS: Readonly<Record<ReportFormat, (report: Report, options: RenderOptions) => string>> = {
  table: renderTable,
  json: renderJson,
  markdown: renderMarkdown,
  junit: renderJunit,
};

/** Renders the report in `format`. The result ends with a newline. */
export function renderReport(report: Report, format: ReportFormat, options: RenderOptions): string {
  return RENDERERS[format](report, options);
}
