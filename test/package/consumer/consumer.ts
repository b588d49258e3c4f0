// A library user's code, compiled against the published types (dist/index.d.ts) by library.test.ts.
// It is never run: the test asserts that it type-checks, so a change to the public API that breaks
// it shows up as a compile error.
import { parseFilterPattern, parseSigmaRule, FilterPatternError, SigmaRuleError, REPORT_SCHEMA, loadDetections, replay, type Report, type FilterPattern } from 'trailproof';

const record = { eventName: 'ConsoleLogin', userIdentity: { type: 'Root' } };
const cis: FilterPattern = parseFilterPattern('{ $.userIdentity.type = "Root" }');
const a: boolean = cis.matches(record);
const b: boolean = cis.matches(JSON.stringify(record));
const sigma = parseSigmaRule('title: t\nlogsource: { product: aws, service: cloudtrail }\ndetection: { s: { eventName: ConsoleLogin }, condition: s }\n');
const c: boolean = sigma.matches(record) && sigma.matches(JSON.stringify(record));
const schema: string = REPORT_SCHEMA;

export function describe(report: Report): string {
  return `${schema} ${report.detections.length} ${String(a && b && c)}`;
}

export function position(e: unknown): string {
  if (e instanceof FilterPatternError) return `${e.line}:${e.column}`;
  if (e instanceof SigmaRuleError) return `${e.line ?? 0}:${e.column ?? 0}`;
  return '';
}

/** The shortest replay: locations as strings, everything else defaulted. */
export async function replayFixtures(): Promise<Report> {
  return replay({ locations: ['fixtures/AWSLogs'], detections: await loadDetections(['detections']) });
}
