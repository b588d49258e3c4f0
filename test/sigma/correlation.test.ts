// Correlation rules: sigma-correlation-rules-specification.md "Correlation Types", "Grouping",
// "Time Selection", "Condition", "Field Name Aliases"
// https://github.com/SigmaHQ/sigma-specification/blob/main/specification/sigma-correlation-rules-specification.md
import t from 'tap';
import { loadWithDialect } from '../helpers/dialect-kit.js';
import { sigmaDialect } from '../../src/dialects/sigma/index.js';
import type { CorrelationDetection, CorrelationInput, Detection, LoadResult } from '../../src/dialects/types.js';
import { dedent } from './helpers.js';

const FAILED_LOGIN = dedent(`
  title: Failed console login
  id: 0b9f4c52-1111-4a7e-9d43-000000000001
  name: failed_login
  logsource: {product: aws, service: cloudtrail}
  detection:
      selection:
          eventName: ConsoleLogin
          responseElements.ConsoleLogin: Failure
      condition: selection
`);
const SUCCESS_LOGIN = dedent(`
  title: Successful console login
  id: 0b9f4c52-1111-4a7e-9d43-000000000002
  name: success_login
  logsource: {product: aws, service: cloudtrail}
  detection:
      selection:
          eventName: ConsoleLogin
          responseElements.ConsoleLogin: Success
      condition: selection
`);

function load(...texts: string[]): LoadResult {
  return loadWithDialect(sigmaDialect, texts.map((text, i) => ({ path: `r${i}.yml`, text })), {});
}

function only<T>(list: readonly T[]): T {
  if (list.length !== 1) throw new Error(`expected one, got ${list.length}`);
  return list[0] as T;
}

function get(record: Record<string, unknown>, path: string): string | null {
  let cur: unknown = record;
  for (const seg of path.split('.')) cur = typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>)[seg] : undefined;
  return cur === undefined || cur === null ? null : String(cur);
}

/** Runs each record through every detection and builds the engine's input list, sorted by time. */
function inputs(detections: readonly Detection[], corr: CorrelationDetection, records: Record<string, unknown>[]): CorrelationInput[] {
  const out: CorrelationInput[] = [];
  records.forEach((record, ordinal) => {
    for (const d of detections) {
      if (!corr.inputs.includes(d.id)) continue;
      const view = { text: JSON.stringify(record), value: record as never };
      if (!d.rule.match(view)) continue;
      out.push({ detectionId: d.id, ordinal, eventID: null, time: Date.parse(record['eventTime'] as string), fields: corr.fields.map((f) => get(record, f)) });
    }
  });
  return out.sort((a, b) => a.time - b.time);
}

function login(minute: number, outcome: 'Failure' | 'Success', user: string, ip = '198.51.100.7'): Record<string, unknown> {
  const mm = String(minute).padStart(2, '0');
  return { eventTime: `2024-05-01T10:${mm}:00Z`, eventName: 'ConsoleLogin', responseElements: { ConsoleLogin: outcome }, userIdentity: { userName: user }, sourceIPAddress: ip };
}

t.test('event_count: per group, within the timespan ("Event Count")', async (t) => {
  const r = load(
    FAILED_LOGIN,
    dedent(`
      title: Brute force
      correlation:
          type: event_count
          rules: [failed_login]
          group-by: [userIdentity.userName]
          timespan: 10m
          condition: {gte: 3}
      level: high
    `),
  );
  t.same(r.diagnostics, []);
  const corr = only(r.correlations);
  t.equal(corr.meta.level, 'high');
  t.same(corr.fields, ['userIdentity.userName']);
  const records = [
    login(0, 'Failure', 'root'), // 0
    login(2, 'Failure', 'alice'), // 1
    login(4, 'Failure', 'root'), // 2
    login(9, 'Failure', 'root'), // 3: third root failure within 10m of the first
    login(30, 'Failure', 'alice'), // 4
    login(31, 'Failure', 'alice'), // 5: alice has only 2 within any 10m
    login(9, 'Success', 'root'), // 6: not an input
  ];
  t.same(corr.evaluate(inputs(r.detections, corr, records)), [0, 2, 3]);
  const late = [login(0, 'Failure', 'root'), login(6, 'Failure', 'root'), login(11, 'Failure', 'root')];
  t.same(corr.evaluate(inputs(r.detections, corr, late)), [], 'sliding window: first and third are 11 minutes apart');
});

t.test('value_count: distinct values of condition.field ("Value Count")', async (t) => {
  const r = load(
    FAILED_LOGIN,
    dedent(`
      title: Password spray
      correlation:
          type: value_count
          rules: [0b9f4c52-1111-4a7e-9d43-000000000001]
          group-by: [sourceIPAddress]
          timespan: 1h
          condition:
              field: userIdentity.userName
              gt: 2
    `),
  );
  const corr = only(r.correlations);
  const records = [login(0, 'Failure', 'a'), login(1, 'Failure', 'a'), login(2, 'Failure', 'b'), login(3, 'Failure', 'c'), login(4, 'Failure', 'x', '203.0.113.1')];
  t.same(corr.evaluate(inputs(r.detections, corr, records)), [0, 1, 2, 3]);
  t.same(corr.evaluate(inputs(r.detections, corr, records.slice(0, 3))), [], 'two distinct users is not > 2');
});

t.test('temporal: every referenced rule within the span, any order ("Temporal Proximity")', async (t) => {
  const r = load(
    FAILED_LOGIN,
    SUCCESS_LOGIN,
    dedent(`
      title: Failure and success close together
      correlation:
          type: temporal
          rules: [failed_login, success_login]
          group-by: [userIdentity.userName]
          timespan: 5m
    `),
  );
  const corr = only(r.correlations);
  t.equal(corr.inputs.length, 2);
  const records = [login(0, 'Success', 'root'), login(3, 'Failure', 'root'), login(20, 'Failure', 'bob'), login(40, 'Success', 'bob')];
  t.same(corr.evaluate(inputs(r.detections, corr, records)), [0, 1], 'success before failure still counts');
});

t.test('temporal_ordered: the rules in their listed order ("Ordered Temporal Proximity")', async (t) => {
  const r = load(
    FAILED_LOGIN,
    SUCCESS_LOGIN,
    dedent(`
      title: Failures then success
      correlation:
          type: temporal_ordered
          rules: [failed_login, success_login]
          group-by: [userIdentity.userName]
          timespan: 1h
    `),
  );
  const corr = only(r.correlations);
  t.same(corr.evaluate(inputs(r.detections, corr, [login(0, 'Success', 'root'), login(3, 'Failure', 'root')])), [], 'wrong order');
  t.same(corr.evaluate(inputs(r.detections, corr, [login(0, 'Failure', 'root'), login(3, 'Success', 'root')])), [0, 1]);
});

t.test('aliases map one group-by name to different fields per rule ("Field Name Aliases")', async (t) => {
  const r = load(
    FAILED_LOGIN,
    SUCCESS_LOGIN,
    dedent(`
      title: Same person
      correlation:
          type: temporal
          rules: [failed_login, success_login]
          group-by: [person]
          timespan: 5m
          aliases:
              person:
                  failed_login: userIdentity.userName
                  success_login: additionalEventData.LoginTo
    `),
  );
  const corr = only(r.correlations);
  t.same([...corr.fields].sort(), ['additionalEventData.LoginTo', 'userIdentity.userName']);
  const success = { ...login(1, 'Success', 'ignored'), additionalEventData: { LoginTo: 'root' } };
  t.same(corr.evaluate(inputs(r.detections, corr, [login(0, 'Failure', 'root'), success])), [0, 1]);
});

t.test('conditions: ranges are AND-ed, eq and neq (v2.1) ("Condition")', async (t) => {
  const make = (cond: string): CorrelationDetection =>
    only(load(FAILED_LOGIN, dedent(`
      title: Range
      correlation:
          type: event_count
          rules: [failed_login]
          timespan: 1h
          condition: ${cond}
    `)).correlations);
  const three = [login(0, 'Failure', 'a'), login(1, 'Failure', 'b'), login(2, 'Failure', 'c')];
  const r = load(FAILED_LOGIN);
  const run = (c: CorrelationDetection): number[] => c.evaluate(inputs(r.detections.map((d) => ({ ...d, id: c.inputs[0] as string })), c, three));
  t.same(run(make('{gt: 2, lte: 3}')), [0, 1, 2]);
  t.same(run(make('{gt: 3, lte: 10}')), []);
  t.same(run(make('{eq: 3}')), [0, 1, 2]);
  t.same(run(make('{neq: 3}')), [1, 2], 'the window starting at the second record holds 2');
});

t.test('chained correlations ("Related rules": rules may be correlations)', async (t) => {
  const r = load(
    FAILED_LOGIN,
    SUCCESS_LOGIN,
    dedent(`
      title: Many failures
      name: many_failures
      correlation:
          type: event_count
          rules: [failed_login]
          group-by: [userIdentity.userName]
          timespan: 10m
          condition: {gte: 2}
      ---
      title: Many failures then success
      correlation:
          type: temporal_ordered
          rules: [many_failures, success_login]
          group-by: [userIdentity.userName]
          timespan: 30m
    `),
  );
  t.same(r.diagnostics, []);
  const chained = r.correlations.find((c) => c.title === 'Many failures then success')!;
  t.equal(chained.inputs.length, 2);
  const records = [login(0, 'Failure', 'root'), login(1, 'Failure', 'root'), login(5, 'Success', 'root'), login(6, 'Success', 'bob')];
  t.same(chained.evaluate(inputs(r.detections, chained, records)), [0, 1, 2]);
});

t.test('value_sum, value_avg, value_percentile aggregate condition.field (v2.1 types)', async (t) => {
  const download = dedent(`
    title: Object download
    name: download
    logsource: {product: aws, service: cloudtrail}
    detection:
        sel: {eventName: GetObject}
        condition: sel
  `);
  const make = (type: string, cond: string): { r: LoadResult; c: CorrelationDetection } => {
    const r = load(download, dedent(`
      title: ${type}
      correlation:
          type: ${type}
          rules: [download]
          group-by: [userIdentity.userName]
          timespan: 1h
          condition: ${cond}
    `));
    return { r, c: only(r.correlations) };
  };
  const get = (minute: number, bytes: number | string): Record<string, unknown> => ({
    eventTime: `2024-05-01T10:${String(minute).padStart(2, '0')}:00Z`,
    eventName: 'GetObject',
    userIdentity: { userName: 'u' },
    additionalEventData: { bytesTransferredOut: bytes },
  });
  const records = [get(0, 100), get(1, 900), get(2, 'n/a'), get(3, 200)];
  const sum = make('value_sum', '{field: additionalEventData.bytesTransferredOut, gte: 1200}');
  t.same(sum.c.evaluate(inputs(sum.r.detections, sum.c, records)), [0, 1, 2, 3], 'non-numeric values are skipped');
  const avg = make('value_avg', '{field: additionalEventData.bytesTransferredOut, gt: 500}');
  t.same(avg.c.evaluate(inputs(avg.r.detections, avg.c, records)), [1, 2, 3], 'avg(900, 200) = 550 from the second record on');
  const p90 = make('value_percentile', '{field: additionalEventData.bytesTransferredOut, percentile: 90, gte: 900}');
  t.same(p90.c.evaluate(inputs(p90.r.detections, p90.c, records)), [0, 1, 2, 3]);
});

t.test('correlation errors name the rule and the key', async (t) => {
  const r = load(
    FAILED_LOGIN,
    dedent(`
      title: Bad timespan
      correlation:
          type: event_count
          rules: [failed_login]
          timespan: 1 hour
          condition: {gte: 2}
      ---
      title: Unknown rule
      correlation:
          type: temporal
          rules: [nope]
          timespan: 5m
      ---
      title: Missing condition
      correlation:
          type: value_count
          rules: [failed_login]
          timespan: 5m
      ---
      title: Bad type
      correlation:
          type: value_median
          rules: [failed_login]
          timespan: 5m
          condition: {gt: 1}
    `),
  );
  t.equal(r.correlations.length, 0);
  const byRule = new Map(r.diagnostics.map((d) => [d.rule, d]));
  t.match(byRule.get('Bad timespan'), { code: 'TP3013', line: 5, message: /invalid timespan '1 hour'/ });
  t.match(byRule.get('Unknown rule'), { code: 'TP3014', line: 11, message: /'nope' is not loaded/ });
  t.match(byRule.get('Missing condition'), { code: 'TP3002', message: /needs a 'condition'/ });
  t.match(byRule.get('Bad type'), { code: 'TP3013', message: /unknown correlation type 'value_median'/ });
  t.equal(r.detections.length, 1, 'the referenced rule still loads');
});

t.test('a correlation over a rule for another log source is not applicable', async (t) => {
  const r = load(
    dedent(`
      title: Windows logon failure
      name: win_fail
      logsource: {product: windows, service: security}
      detection:
          sel: {EventID: 4625}
          condition: sel
      ---
      title: Windows brute force
      correlation:
          type: event_count
          rules: [win_fail]
          timespan: 5m
          condition: {gte: 5}
    `),
  );
  t.same(r.diagnostics, []);
  t.same(
    r.notApplicable.map((n) => n.title),
    ['Windows logon failure', 'Windows brute force'],
  );
});
