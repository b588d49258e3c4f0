// Microsoft's own KQL parser (@kusto/language-service-next, a dev dependency: ≈2 s and 200 MB to load, so
// never in src/) parses and binds every KQL fixture of the project against the AWSCloudTrail schema
// (sentinel-kql.md §6): the queries the dialect accepts have zero diagnostics, and the queries it rejects
// as syntax, column, function or type errors are rejected by Kusto too. Loaded once for the whole file.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import t from 'tap';
import { AWS_CLOUDTRAIL_COLUMNS } from '../../src/dialects/mapping/awscloudtrail.js';
import { readRuleFile } from '../../src/dialects/sentinel/rule-file.js';
import { ERROR_CASES, FILE_QUERIES, NOT_REPLAYABLE, PREFILTER_CASES, ROW_CASES, RUN_CASES } from './cases.js';

interface Diagnostics {
  readonly Count: number;
  getItem(i: number): { readonly Code: string; readonly Message: string; readonly Start: number; readonly Severity: string };
}
interface KustoLanguage {
  readonly KustoCode: { ParseAndAnalyze(text: string, globals: unknown): { GetDiagnostics(): Diagnostics } };
  readonly GlobalState: { readonly Default: { WithDatabase(db: unknown): unknown } };
  readonly Symbols: {
    readonly TableSymbol: { readonly $ctor7: new (name: string, schema: string, description: null) => unknown };
    readonly DatabaseSymbol: { readonly $ctor1: new (name: string, tables: unknown[]) => unknown };
  };
}

const require = createRequire(import.meta.url);
require('@kusto/language-service-next/bridge.min.js');
require('@kusto/language-service-next/Kusto.Language.Bridge.min.js');
const K = (globalThis as unknown as { Kusto: { Language: KustoLanguage } }).Kusto.Language;

const schema = `(${AWS_CLOUDTRAIL_COLUMNS.map((c) => `${c.name}:${c.type}`).join(', ')})`;
// SigninLogs exists in Sentinel workspaces: the not-replayable fixtures read it.
const tables = [new K.Symbols.TableSymbol.$ctor7('AWSCloudTrail', schema, null), new K.Symbols.TableSymbol.$ctor7('SigninLogs', '(TimeGenerated:datetime, ResultType:string)', null)];
const globals = K.GlobalState.Default.WithDatabase(new K.Symbols.DatabaseSymbol.$ctor1('workspace', tables));

function diagnostics(query: string): string[] {
  const d = K.KustoCode.ParseAndAnalyze(query, globals).GetDiagnostics();
  const out: string[] = [];
  for (let i = 0; i < d.Count; i++) {
    const x = d.getItem(i);
    out.push(`${x.Code} at ${x.Start}: ${x.Message}`);
  }
  return out;
}

const shipped = readdirSync('detections/sentinel').map((name) => {
  const path = join('detections/sentinel', name);
  return { name: path, query: readRuleFile({ path, text: readFileSync(path, 'utf8') }, name).rules[0]!.query };
});

const valid: { name: string; query: string }[] = [
  ...shipped,
  ...ROW_CASES.map((c) => ({ name: c.ref, query: `AWSCloudTrail | where ${c.where}` })),
  ...RUN_CASES.map((c) => ({ name: c.ref, query: c.query })),
  ...NOT_REPLAYABLE.map((c) => ({ name: 'not replayable', query: c.query })),
  ...PREFILTER_CASES.map((c) => ({ name: 'prefilter', query: `AWSCloudTrail | where ${c.where}` })),
  ...Object.entries(FILE_QUERIES).map(([name, query]) => ({ name, query })),
];

t.test('every query the dialect accepts binds with zero Kusto diagnostics', async (t) => {
  t.ok(shipped.length >= 1, 'the shipped rule is among them');
  for (const { name, query } of valid) t.same(diagnostics(query), [], `${name}: ${query}`);
});

t.test('every query the dialect rejects, Kusto rejects too', async (t) => {
  for (const c of ERROR_CASES) t.not(diagnostics(c.query).length, 0, `${c.ref}: ${c.query}`);
});
