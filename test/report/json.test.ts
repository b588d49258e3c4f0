// JSON renderer: the Report as documented in docs/report-schema.md (trailproof/report@3), keys in the
// model's order whatever order the engine built them in.
import t from 'tap';
import { orderReport, renderJson } from '../../src/report/json/json.js';
import type { Report } from '../../src/report/model.js';
import { sampleReport } from './sample-report.js';

/** A deep copy with every object's keys reversed, as an engine might build it. */
function reversed<T>(v: T): T {
  if (Array.isArray(v)) return v.map(reversed) as T;
  if (typeof v === 'object' && v !== null) {
    return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)])) as T;
  }
  return v;
}

t.test('round-trips and is pretty', async (t) => {
  const out = renderJson(sampleReport());
  t.ok(out.endsWith('}\n'));
  t.ok(out.startsWith('{\n  "schema": "trailproof/report@3",\n  "tool": {\n    "name": "trailproof",'));
  t.strictSame(JSON.parse(out), JSON.parse(JSON.stringify(sampleReport())), 'same content as the report');
});

t.test('key order follows the model, not the input', async (t) => {
  const shuffled = reversed(sampleReport());
  t.equal(renderJson(shuffled), renderJson(sampleReport()), 'byte-identical');
  const parsed = JSON.parse(renderJson(shuffled)) as Report;
  t.strictSame(Object.keys(parsed), ['schema', 'tool', 'generatedAt', 'options', 'stats', 'rootEvents', 'rootCategories', 'detections', 'ruleProblems', 'notApplicable', 'warnings']);
  t.strictSame(Object.keys(parsed.stats), ['files', 'bytes', 'records', 'skipped', 'errors']);
  t.strictSame(Object.keys(parsed.rootEvents[0] ?? {}), ['key', 'eventID', 'eventTime', 'eventName', 'eventSource', 'accountId', 'awsRegion', 'category', 'rootUsage', 'cisRootUsage', 'mfaUsed', 'outcome', 'sourceIPAddress', 'userAgent', 'source', 'duplicates']);
  t.strictSame(Object.keys(parsed.detections[0] ?? {}), ['id', 'title', 'dialect', 'file', 'kind', 'level', 'status', 'tags', 'fired', 'caught', 'missed', 'outOfScope', 'undelivered', 'scope', 'rootDetection', 'contextHits', 'coverage', 'falseAlarms']);
  t.strictSame(Object.keys(parsed.rootCategories), ['console-login-success', 'console-login-failure', 'root-api-call', 'root-console-action', 'assume-root-session', 'service-on-behalf-of-root', 'root-service-event', 'root-sign-in-other']);
  t.strictSame(Object.keys(parsed.stats.files.skipped), ['digest', 'insight'], 'count maps sorted by reason');
  t.strictSame(Object.keys(parsed.ruleProblems[0] ?? {}), ['file', 'message', 'line', 'column', 'code']);
  t.strictSame(Object.keys(parsed.rootEvents[2]?.source ?? {}), ['uri', 'record', 'line']);
});

t.test('absent optional fields stay absent', async (t) => {
  const ordered = orderReport(sampleReport());
  t.notOk('line' in (ordered.rootEvents[0]?.source ?? {}), 'no line for a non-line-oriented source');
  t.notOk('line' in (ordered.stats.errors[0] ?? {}), 'no line for a problem without one');
});
