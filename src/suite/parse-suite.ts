/**
 * Parses a suite file (`trailproof.yml`) into a `Suite`, reporting every problem as a diagnostic with
 * its 1-based line and column.
 *
 * The `yaml` package parses with its failsafe schema, so every scalar stays text: event IDs that look
 * like numbers (`1e10`) and account IDs with leading zeros keep their exact spelling, and this module
 * types the few numbers and booleans the format has itself.
 */
import { LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node as YamlNode, Pair, YAMLMap } from 'yaml';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { ROOT_CONTEXT_CATEGORIES, ROOT_USAGE_CATEGORIES, type RootCategory } from '../report/model.js';
import { SuiteCode } from './codes.js';
import type { EventLabel, Suite, SuiteExpectation, SuiteLabel, SuitePosition, SuiteWindow } from './model.js';

const ALL_CATEGORIES: readonly RootCategory[] = [...ROOT_USAGE_CATEGORIES, ...ROOT_CONTEXT_CATEGORIES];
/** `catches: root-usage` is shorthand for the five root-usage categories. */
const ROOT_USAGE_ALIAS = 'root-usage';
const NOT_ROOT = 'not-root';

const TOP_KEYS = ['name', 'sources', 'detections', 'window', 'baseline', 'allow_input_errors', 'labels', 'expect'] as const;
const WINDOW_KEYS = ['since', 'until', 'accounts', 'regions'] as const;
const EXPECT_KEYS = ['detection', 'catches', 'catches_events', 'max_false_alarms', 'never_fires_on'] as const;

/** The result of parsing a suite: the suite when the file has no errors, and every diagnostic found. */
export interface ParsedSuite {
  readonly suite: Suite | null;
  readonly diagnostics: readonly Diagnostic[];
}

/** Collects diagnostics and maps node offsets to positions. */
class Checker {
  readonly diagnostics: Diagnostic[] = [];
  constructor(
    readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  at(offset: number): SuitePosition {
    const p = this.lines.linePos(offset);
    return { line: p.line, column: p.col };
  }

  of(node: YamlNode | null | undefined, fallback: number): SuitePosition {
    return this.at(node?.range?.[0] ?? fallback);
  }

  error(code: string, message: string, where: SuitePosition): void {
    this.diagnostics.push({ code, severity: 'error', file: this.file, line: where.line, column: where.column, message });
  }
}

/** Plain `~`, `null` or an empty value: the failsafe schema leaves them as text. */
function isNullScalar(node: YamlNode): boolean {
  if (!isScalar(node)) return false;
  const plain = node.type === 'PLAIN';
  return plain && (node.value === '' || node.value === '~' || node.value === 'null' || node.value === 'Null' || node.value === 'NULL');
}

function scalarText(node: YamlNode | null): string | null {
  if (node === null || !isScalar(node) || isNullScalar(node)) return null;
  return String(node.value);
}

/** Closest candidate within edit distance 2, for "did you mean" hints. */
function suggest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c);
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = row;
  }
  return prev[b.length]!;
}

function hint(word: string, candidates: readonly string[]): string {
  const s = suggest(word, candidates);
  return s !== null ? ` (did you mean '${s}'?)` : '';
}

/**
 * The entries of a mapping with string keys, reporting keys outside `known`. Returns null (after
 * reporting) when `node` is not a mapping.
 */
function entries(c: Checker, node: YamlNode, what: string, known: readonly string[]): Map<string, Pair<YamlNode, YamlNode | null>> | null {
  if (!isMap(node)) {
    c.error(SuiteCode.badValue, `${what} must be a mapping`, c.of(node, 0));
    return null;
  }
  const out = new Map<string, Pair<YamlNode, YamlNode | null>>();
  for (const pair of (node as YAMLMap<YamlNode, YamlNode | null>).items) {
    const key = scalarText(pair.key);
    if (key === null) {
      c.error(SuiteCode.badValue, `${what}: keys must be plain text`, c.of(pair.key, node.range?.[0] ?? 0));
      continue;
    }
    if (!known.includes(key)) {
      c.error(SuiteCode.unknownKey, `unknown key '${key}' in ${what}${hint(key, known)}; expected one of ${known.join(', ')}`, c.of(pair.key, 0));
      continue;
    }
    out.set(key, pair);
  }
  return out;
}

/** A string, or a list of strings (a single string stands for a one-element list). */
function stringList(c: Checker, node: YamlNode | null, what: string, fallback: number): { value: string; at: SuitePosition }[] {
  if (node === null || isNullScalar(node)) return [];
  const items = isSeq(node) ? (node.items as (YamlNode | null)[]) : [node];
  const out: { value: string; at: SuitePosition }[] = [];
  for (const item of items) {
    const text = item !== null ? scalarText(item) : null;
    if (text === null || text === '') {
      c.error(SuiteCode.badValue, `${what} must be a non-empty string or a list of them`, c.of(item ?? node, fallback));
      continue;
    }
    out.push({ value: text, at: c.of(item, fallback) });
  }
  return out;
}

function requiredString(c: Checker, node: YamlNode | null, what: string, fallback: number): string | null {
  const text = node !== null ? scalarText(node) : null;
  if (text === null || text === '') {
    c.error(SuiteCode.badValue, `${what} must be a non-empty string`, c.of(node, fallback));
    return null;
  }
  return text;
}

function categoryList(c: Checker, node: YamlNode | null, fallback: number): RootCategory[] {
  const out: RootCategory[] = [];
  const known = [...ALL_CATEGORIES, ROOT_USAGE_ALIAS];
  for (const { value, at } of stringList(c, node, 'catches', fallback)) {
    if (value === ROOT_USAGE_ALIAS) {
      for (const cat of ROOT_USAGE_CATEGORIES) if (!out.includes(cat)) out.push(cat);
    } else if ((ALL_CATEGORIES as readonly string[]).includes(value)) {
      if (!out.includes(value as RootCategory)) out.push(value as RootCategory);
    } else {
      c.error(SuiteCode.unknownCategory, `unknown root category '${value}'${hint(value, known)}; expected one of ${known.join(', ')}`, at);
    }
  }
  return out;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/;

function isoTime(c: Checker, pair: Pair<YamlNode, YamlNode | null> | undefined, what: string): string | null {
  if (pair === undefined) return null;
  const text = requiredString(c, pair.value, what, pair.key.range?.[0] ?? 0);
  if (text === null) return null;
  // A suite must replay the same records on every run, so relative times (30d) are refused here.
  const normal = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text;
  if (!ISO_TIME.test(text) || Number.isNaN(Date.parse(normal))) {
    c.error(SuiteCode.badValue, `${what} must be an ISO 8601 time such as 2024-06-01 or 2024-06-01T12:00:00Z, found '${text}'`, c.of(pair.value, 0));
    return null;
  }
  return new Date(Date.parse(normal)).toISOString();
}

function parseWindow(c: Checker, node: YamlNode): SuiteWindow {
  const map = entries(c, node, 'window', WINDOW_KEYS);
  const since = isoTime(c, map?.get('since'), 'window.since');
  const until = isoTime(c, map?.get('until'), 'window.until');
  if (since !== null && until !== null && since >= until) c.error(SuiteCode.badValue, 'window.since must be before window.until', c.of(node, 0));
  const accountsPair = map?.get('accounts');
  const accounts = stringList(c, accountsPair?.value ?? null, 'window.accounts', 0);
  for (const a of accounts) {
    if (!/^\d{12}$/.test(a.value)) c.error(SuiteCode.badValue, `window.accounts: '${a.value}' is not a 12-digit account ID`, a.at);
  }
  const regions = stringList(c, map?.get('regions')?.value ?? null, 'window.regions', 0);
  return { since, until, accounts: accounts.map((a) => a.value), regions: regions.map((r) => r.value) };
}

function parseLabels(c: Checker, node: YamlNode): SuiteLabel[] {
  if (isNullScalar(node)) return [];
  if (!isMap(node)) {
    c.error(SuiteCode.badValue, 'labels must be a mapping of event ID to root category (or not-root)', c.of(node, 0));
    return [];
  }
  const known = [...ALL_CATEGORIES, NOT_ROOT];
  const out: SuiteLabel[] = [];
  for (const pair of (node as YAMLMap<YamlNode, YamlNode | null>).items) {
    const eventID = scalarText(pair.key);
    if (eventID === null || eventID === '') {
      c.error(SuiteCode.badValue, 'labels: each key must be an event ID', c.of(pair.key, node.range?.[0] ?? 0));
      continue;
    }
    const value = requiredString(c, pair.value, `labels.${eventID}`, pair.key.range?.[0] ?? 0);
    if (value === null) continue;
    if (!known.includes(value)) {
      c.error(SuiteCode.unknownCategory, `labels.${eventID}: unknown label '${value}'${hint(value, known)}; expected a root category or ${NOT_ROOT}`, c.of(pair.value, 0));
      continue;
    }
    out.push({ eventID, label: value as EventLabel, at: c.of(pair.key, 0) });
  }
  return out;
}

function parseExpectation(c: Checker, node: YamlNode, index: number): SuiteExpectation | null {
  const what = `expect[${index}]`;
  const map = entries(c, node, what, EXPECT_KEYS);
  if (map === null) return null;
  const start = node.range?.[0] ?? 0;
  const keyAt: Partial<Record<(typeof EXPECT_KEYS)[number], SuitePosition>> = {};
  for (const [k, pair] of map) keyAt[k as (typeof EXPECT_KEYS)[number]] = c.of(pair.key, start);
  const detectionPair = map.get('detection');
  if (detectionPair === undefined) {
    c.error(SuiteCode.missingKey, `${what}: missing key 'detection' (the rule file, id or title the expectation is about)`, c.at(start));
    return null;
  }
  const detection = requiredString(c, detectionPair.value, `${what}.detection`, detectionPair.key.range?.[0] ?? start);
  const catchesPair = map.get('catches');
  const catches = catchesPair !== undefined ? categoryList(c, catchesPair.value, catchesPair.key.range?.[0] ?? start) : [];
  const events = (key: string): string[] => {
    const pair = map.get(key);
    return pair === undefined ? [] : stringList(c, pair.value, `${what}.${key}`, pair.key.range?.[0] ?? start).map((e) => e.value);
  };
  let maxFalseAlarms: number | null = null;
  const maxPair = map.get('max_false_alarms');
  if (maxPair !== undefined) {
    const text = requiredString(c, maxPair.value, `${what}.max_false_alarms`, maxPair.key.range?.[0] ?? start);
    if (text !== null) {
      if (/^\d{1,9}$/.test(text)) maxFalseAlarms = Number(text);
      else c.error(SuiteCode.badValue, `${what}.max_false_alarms must be a whole number >= 0, found '${text}'`, c.of(maxPair.value, start));
    }
  }
  const catchesEvents = events('catches_events');
  const neverFiresOn = events('never_fires_on');
  if (!map.has('catches') && !map.has('catches_events') && !map.has('max_false_alarms') && !map.has('never_fires_on')) {
    c.error(SuiteCode.missingKey, `${what}: nothing to check; give catches, catches_events, max_false_alarms or never_fires_on`, c.at(start));
  }
  if (detection === null) return null;
  return { detection, catches, catchesEvents, maxFalseAlarms, neverFiresOn, at: c.at(start), keyAt };
}

/** Parses a suite file's text. `file` is used in diagnostics and kept in the suite. Never throws. */
export function parseSuite(text: string, file: string): ParsedSuite {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, schema: 'failsafe', prettyErrors: false, uniqueKeys: true });
  const c = new Checker(file, lines);
  for (const e of doc.errors) c.error(SuiteCode.yaml, e.message.split('\n')[0]!.toLowerCase().replace(/\.$/, ''), c.at(e.pos[0]));
  if (c.diagnostics.length > 0) return { suite: null, diagnostics: c.diagnostics };
  const root = doc.contents as YamlNode | null;
  if (root === null || isNullScalar(root)) {
    c.error(SuiteCode.missingKey, 'the suite file is empty; it needs at least sources and detections', c.at(0));
    return { suite: null, diagnostics: c.diagnostics };
  }
  const map = entries(c, root, 'the suite', TOP_KEYS);
  if (map === null) return { suite: null, diagnostics: c.diagnostics };

  const list = (key: 'sources' | 'detections', purpose: string): string[] => {
    const pair = map.get(key);
    if (pair === undefined) {
      c.error(SuiteCode.missingKey, `missing key '${key}' (${purpose})`, c.at(root.range?.[0] ?? 0));
      return [];
    }
    const values = stringList(c, pair.value, key, pair.key.range?.[0] ?? 0);
    if (values.length === 0) c.error(SuiteCode.badValue, `${key} must name at least one location`, c.of(pair.key, 0));
    return values.map((v) => v.value);
  };
  const sources = list('sources', 'the CloudTrail files, folders or s3:// locations to replay');
  const detections = list('detections', 'the rule files or folders to test');

  const namePair = map.get('name');
  const name = namePair !== undefined ? requiredString(c, namePair.value, 'name', namePair.key.range?.[0] ?? 0) : null;
  const baselinePair = map.get('baseline');
  const baseline = baselinePair !== undefined ? requiredString(c, baselinePair.value, 'baseline', baselinePair.key.range?.[0] ?? 0) : null;

  let allowInputErrors = false;
  const allowPair = map.get('allow_input_errors');
  if (allowPair !== undefined) {
    const text = scalarText(allowPair.value);
    if (text === 'true' || text === 'false') allowInputErrors = text === 'true';
    else c.error(SuiteCode.badValue, `allow_input_errors must be true or false, found '${text ?? ''}'`, c.of(allowPair.value, 0));
  }

  const windowPair = map.get('window');
  const window: SuiteWindow =
    windowPair?.value != null && !isNullScalar(windowPair.value)
      ? parseWindow(c, windowPair.value)
      : { since: null, until: null, accounts: [], regions: [] };

  const labelsPair = map.get('labels');
  const labels = labelsPair?.value != null ? parseLabels(c, labelsPair.value) : [];

  const expectations: SuiteExpectation[] = [];
  const expectPair = map.get('expect');
  if (expectPair?.value != null && !isNullScalar(expectPair.value)) {
    if (!isSeq(expectPair.value)) {
      c.error(SuiteCode.badValue, 'expect must be a list of expectations (- detection: ...)', c.of(expectPair.value, 0));
    } else {
      (expectPair.value.items as (YamlNode | null)[]).forEach((item, i) => {
        if (item === null) return;
        const e = parseExpectation(c, item, i);
        if (e !== null) expectations.push(e);
      });
    }
  }

  if (c.diagnostics.length > 0) return { suite: null, diagnostics: c.diagnostics };
  return {
    suite: { file, name, sources, detections, window, baseline, allowInputErrors, labels, expectations },
    diagnostics: c.diagnostics,
  };
}
