/**
 * A tiny reference dialect for engine and contract tests, so they need "some rule" without depending
 * on the shipped ones. A `.ref` file is one rule: each non-blank line `field.path = value` (a dotted
 * path, a string value); the rule fires when every line's field holds exactly that string. `#` starts a
 * comment line. Its prefilter is the first value as a whole JSON string token (`"Root"`), when that is
 * plain ASCII no JSON escape can change.
 */
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import type { CompiledRule, DetectionFile, Dialect, ParsedRule, ParseResult, Prefilter } from '../../src/dialects/types.js';
import type { JsonValue, RecordView } from '../../src/record/view.js';

interface Condition {
  readonly path: readonly string[];
  readonly value: string;
}

function valueAt(record: JsonValue, path: readonly string[]): JsonValue | undefined {
  let at: JsonValue | undefined = record;
  for (const key of path) {
    if (typeof at !== 'object' || at === null || Array.isArray(at)) return undefined;
    at = at[key];
  }
  return at;
}

function prefilterOf(conditions: readonly Condition[]): Prefilter | null {
  const first = conditions[0];
  if (first === undefined || !/^[\x20-\x7e]*$/.test(first.value) || /["\\]/.test(first.value)) return null;
  return { anyOf: [`"${first.value}"`], caseInsensitive: false };
}

/** Compiles the conditions of a `.ref` file. */
export function compileReference(conditions: readonly Condition[]): CompiledRule {
  return {
    prefilter: prefilterOf(conditions),
    match: (view: RecordView): boolean => conditions.every((c) => valueAt(view.value, c.path) === c.value),
  };
}

/** Parses a `.ref` file: its conditions and the diagnostics of the lines that are not one. */
export function parseReference(file: DetectionFile): { conditions: Condition[]; diagnostics: Diagnostic[] } {
  const conditions: Condition[] = [];
  const diagnostics: Diagnostic[] = [];
  file.text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = /^([A-Za-z_][\w.]*)\s*=\s*(.*)$/.exec(line);
    if (m === null) {
      diagnostics.push({ code: 'REF001', severity: 'error', file: file.path, line: i + 1, column: raw.indexOf(line) + 1, message: 'expected `field.path = value`' });
      return;
    }
    conditions.push({ path: m[1]!.split('.'), value: m[2]! });
  });
  if (conditions.length === 0 && diagnostics.length === 0) {
    diagnostics.push({ code: 'REF002', severity: 'error', file: file.path, message: 'no condition in this file' });
  }
  return { conditions, diagnostics };
}

/** The reference dialect's form of a rule: its conditions. */
export type ReferenceAst = readonly Condition[];

function parseFiles(files: readonly DetectionFile[]): ParseResult<ReferenceAst> {
  const rules: ParsedRule<ReferenceAst>[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    const parsed = parseReference(file);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.diagnostics.length > 0) continue;
    const title = file.path.replace(/^.*\//, '').replace(/\.ref$/, '');
    rules.push({ name: title, title, file: file.path, meta: {}, ast: parsed.conditions });
  }
  return { rules, notApplicable: [], diagnostics };
}

/** The reference dialect, importable by worker threads. */
export const referenceDialect: Dialect<ReferenceAst> = {
  id: 'reference',
  ruleFileName: 'rule.ref',
  module: { url: import.meta.url, export: 'referenceDialect' },
  claims: { extensions: ['.ref'], sniff: () => 'yes' },
  parse: parseFiles,
  compile: (rule) => ({ rule: compileReference(rule.ast), diagnostics: [] }),
};

/** The same dialect without a module: worker threads cannot import it. */
export const unimportableReferenceDialect: Dialect<ReferenceAst> = {
  id: 'reference',
  ruleFileName: 'rule.ref',
  claims: referenceDialect.claims,
  parse: parseFiles,
  compile: referenceDialect.compile,
};
