/**
 * The `splunk-spl` dialect: which files hold Splunk searches, and how they load (digest §1.2):
 * - ESCU detection YAML (`search:` plus `data_source:`, `how_to_implement:` or an ESCU `type:`): one
 *   search, titled by `name:`; a `trailproof: {scope: [...]}` key declares its scope (docs/scope.md);
 * - `savedsearches.conf` (a `.conf` file with `search =` settings): one search per stanza;
 * - `.spl` files: the whole file is one search.
 * `parse` reads the macros and props (the dialect's options, dialect-options.ts) once per run and
 * compiles each search's pipeline, since whether a search aggregates decides what it becomes;
 * `compile` builds the per-record matcher, and `link` the aggregates over many records (a search with
 * `stats` is a hidden record selector `<name>#records` plus one aggregate named after the search).
 */
import { basename, extname } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Scalar as YamlScalar, type YAMLMap } from 'yaml';
import { lineColumn, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { RecordView } from '../../record/view.js';
import { scalarOffsets } from '../carriers/scalar-offsets.js';
import { parseScopeList } from '../scope-declaration.js';
import { loadWithDialect } from '../registry.js';
import type { CompileResult, CorrelationDetection, CorrelationInput, DetectionFile, DetectionMeta, Dialect, LoadOptions, LoadResult, NotApplicable, ParsedRule, ParseResult } from '../types.js';
import { SplunkCode } from './codes.js';
import { compileSearch, eventOfRecord, eventOfView, keepsSafely, survivors, type CompiledSearch, type SearchContext } from './compile.js';
import { searchContextOf, SPLUNK_OPTIONS } from './dialect-options.js';
import { readConf, setting } from './conf.js';
import { SplError } from './errors.js';
import type { Row } from './event.js';
import type { Fields } from '../mapping/splunk/fields.js';
import { fieldsOfMap } from './fields-input.js';
import { CLOUDTRAIL_KEYS, recordFromTopLevel } from '../mapping/splunk/record-model.js';
import { readLenientSearch, type LenientSearch } from './lenient-search.js';

/** The dialect id. */
export const SPLUNK_DIALECT_ID = 'splunk-spl';

const key = (text: string, name: string): boolean => new RegExp(`^${name}[ \\t]*:`, 'm').test(text);

/** True for ESCU detection YAML (the shape src/dialects/unsupported.ts describes). */
function isEscuYaml(text: string): boolean {
  return key(text, 'search') && (key(text, 'data_source') || key(text, 'how_to_implement') || /^type[ \t]*:[ \t]*['"]?(?:TTP|Anomaly|Hunting|Correlation|batch)\b/m.test(text));
}

/** True when the dialect reads the file: a `.spl` file, a `savedsearches.conf`-like file, ESCU YAML. */
export function recogniseSplunk(file: DetectionFile): boolean {
  const ext = extname(file.path).toLowerCase();
  if (ext === '.spl') return true;
  if (ext === '.conf') return /^[ \t]*search[ \t]*=/m.test(file.text) && /^[ \t]*\[/m.test(file.text);
  if (ext === '.yml' || ext === '.yaml') return isEscuYaml(file.text);
  return false;
}

/** A search compiled against the run's settings: what `compile` and `link` need. */
export interface SplunkAst {
  readonly search: Extract<CompiledSearch, { kind: 'ok' }>;
  readonly ctx: SearchContext;
  /** The search's own title (the records rule of an aggregate is titled after it). */
  readonly searchTitle: string;
}

/** One search found in a file, with the way back from its offsets to the file's. */
interface FoundSearch {
  readonly text: string;
  readonly title: string;
  readonly meta: DetectionMeta;
  fileOffset(offset: number): number;
}

/** The suffix of the records rule of an aggregate search. */
const RECORDS = '#records';

class FileLoader {
  readonly rules: ParsedRule<SplunkAst>[] = [];
  readonly notApplicable: NotApplicable[] = [];
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly file: DetectionFile,
    private readonly ctx: SearchContext,
  ) {}

  diagnostic(offset: number, code: string, severity: Diagnostic['severity'], message: string, rule?: string): void {
    const where = offset >= 0 ? lineColumn(this.file.text, offset) : {};
    this.diagnostics.push({ code, severity, file: this.file.path, message, ...where, ...(rule !== undefined ? { rule } : {}) });
  }

  add(s: FoundSearch): void {
    let compiled: CompiledSearch;
    try {
      compiled = compileSearch(s.text, this.ctx);
    } catch (e) {
      if (!(e instanceof SplError)) throw e;
      this.diagnostic(s.fileOffset(e.offset), e.code, 'error', e.message, s.title);
      return;
    }
    if (compiled.kind === 'not-replayable') {
      this.notApplicable.push({ file: this.file.path, title: s.title, reason: compiled.reason });
      return;
    }
    for (const w of compiled.warnings) this.diagnostic(s.fileOffset(w.offset), w.code, 'warning', w.message, s.title);
    const ast: SplunkAst = { search: compiled, ctx: this.ctx, searchTitle: s.title };
    // An aggregate: the streaming prefix selects records (this rule), the whole search then runs over
    // all of them (the correlation `link` makes).
    this.rules.push(
      compiled.aggregate
        ? { name: `${s.title}${RECORDS}`, title: `${s.title} (records before stats)`, file: this.file.path, meta: s.meta, ast }
        : { name: s.title, title: s.title, file: this.file.path, meta: s.meta, ast },
    );
  }
}

/** The per-record matcher of a parsed search (an aggregate's: its streaming prefix). Never throws. */
function compileSplunk(rule: ParsedRule<SplunkAst>): CompileResult {
  const { search, ctx } = rule.ast;
  const prefix = search.commands.slice(0, search.streamingPrefix);
  const eventOf = ctx.input === 'fields' ? (view: RecordView): Fields => fieldsOfMap(view.value) : (view: RecordView): Fields => eventOfView(view, ctx);
  return { rule: { prefilter: search.prefilter, match: (view) => keepsSafely(prefix, () => eventOf(view)) }, diagnostics: [] };
}

/** The aggregates of the compiled aggregate searches: each named after its search, over its records rule. */
function linkSplunk(ids: ReadonlyMap<ParsedRule<SplunkAst>, string>): CorrelationDetection[] {
  const taken = new Set(ids.values());
  const out: CorrelationDetection[] = [];
  for (const [rule, inputId] of ids) {
    const { search, ctx, searchTitle } = rule.ast;
    if (!search.aggregate) continue;
    // `<file>#<name>#records[-n]` → `<file>#<name>[-n]`, unless a search of that name took it.
    const base = inputId.replace(/#records(-\d+)?$/, '$1');
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    taken.add(id);
    const commands = search.commands;
    out.push({
      id,
      title: searchTitle,
      dialect: SPLUNK_DIALECT_ID,
      file: rule.file,
      meta: rule.meta,
      inputs: [inputId],
      generate: false,
      fields: CLOUDTRAIL_KEYS,
      evaluate(events: readonly CorrelationInput[]): number[] {
        const rows: Row[] = events.map((e) => {
          const record = recordFromTopLevel(e.fields);
          return { fields: eventOfRecord(record, JSON.stringify(record), ctx), sources: [e.ordinal] };
        });
        return survivors(commands, rows);
      },
    });
  }
  return out;
}

function yamlText(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

function loadYaml(loader: FileLoader, file: DetectionFile): void {
  let doc = parseDocument(file.text, { lineCounter: new LineCounter(), prettyErrors: false, uniqueKeys: false });
  let lenient: LenientSearch | null = null;
  if (doc.errors.length > 0) {
    lenient = readLenientSearch(file.text);
    const retry = lenient === null ? null : parseDocument(lenient.rest, { prettyErrors: false, uniqueKeys: false });
    if (lenient === null || retry === null || retry.errors.length > 0) {
      loader.diagnostic(doc.errors[0]!.pos[0], SplunkCode.file, 'error', `invalid yaml: ${doc.errors[0]!.message.split('\n')[0]}`);
      return;
    }
    doc = retry;
    const at = lenient.offsets[0] ?? 0;
    loader.diagnostic(at, SplunkCode.file, 'warning', "search: continues on lines that are not indented: not valid YAML 1.2, read as PyYAML (ESCU's tooling) reads it");
  }
  const root = doc.contents;
  if (!isMap(root)) {
    loader.diagnostic(0, SplunkCode.file, 'error', 'expected an ESCU detection (a YAML mapping with search:)');
    return;
  }
  const search = root.get('search', true);
  const title = yamlText(root.get('name', true)) ?? basename(file.path, extname(file.path));
  if (lenient !== null) {
    const { value, offsets } = lenient;
    const meta = metaOf(loader, root, title);
    loader.add({ text: value, title, meta, fileOffset: (o) => offsets[o] ?? offsets[offsets.length - 1] ?? 0 });
    return;
  }
  if (!isScalar(search) || typeof search.value !== 'string') {
    loader.diagnostic(search !== undefined && isScalar(search) ? (search.range?.[0] ?? 0) : 0, SplunkCode.file, 'error', 'search: must be a string holding the SPL', title);
    return;
  }
  const meta = metaOf(loader, root, title);
  const offsets = scalarOffsets(file.text, search as YamlScalar);
  const start = search.range?.[0] ?? 0;
  loader.add({ text: search.value, title, meta, fileOffset: (o) => offsets[o] ?? start });
}

/** Title, id, description, type and ATT&CK tags, and the declared scope of an ESCU detection. */
function metaOf(loader: FileLoader, root: YAMLMap, title: string): DetectionMeta {
  const tags = root.get('tags', true);
  const mitre = isMap(tags) ? tags.get('mitre_attack_id', true) : undefined;
  const meta: { -readonly [K in keyof DetectionMeta]: DetectionMeta[K] } = {};
  const id = yamlText(root.get('id', true));
  if (id !== undefined) meta.ruleId = id;
  const description = yamlText(root.get('description', true));
  if (description !== undefined) meta.description = description.trim();
  const status = yamlText(root.get('status', true));
  if (status !== undefined) meta.status = status;
  const type = yamlText(root.get('type', true));
  const tagList = [...(type !== undefined ? [`type:${type}`] : []), ...(isSeq(mitre) ? mitre.items.map((i) => (isScalar(i) ? `attack.${String(i.value).toLowerCase()}` : '')).filter((t) => t !== '') : [])];
  if (tagList.length > 0) meta.tags = tagList;
  const tp = root.get('trailproof', true);
  const scope = isMap(tp) ? tp.get('scope', true) : undefined;
  if (scope !== undefined) {
    const names = isSeq(scope) ? scope.items.map((i) => (isScalar(i) ? String(i.value) : '')) : isScalar(scope) ? String(scope.value).split(',') : [];
    const parsed = parseScopeList(names);
    const at = (scope as { range?: [number, number, number] }).range?.[0] ?? 0;
    if ('error' in parsed) loader.diagnostic(at, SplunkCode.file, 'error', `trailproof.scope: ${parsed.error}`, title);
    else meta.scope = parsed.categories;
  }
  return meta;
}

function loadConf(loader: FileLoader, file: DetectionFile): void {
  const { stanzas, problems } = readConf(file.text);
  for (const p of problems) loader.diagnostic(p.offset, SplunkCode.file, 'error', p.message);
  let found = 0;
  for (const s of stanzas) {
    const search = setting(s, 'search');
    if (search === undefined) continue;
    found++;
    const description = setting(s, 'description')?.value;
    const disabled = setting(s, 'disabled')?.value;
    const meta: DetectionMeta = {
      ruleId: s.name,
      ...(description !== undefined ? { description } : {}),
      ...(disabled !== undefined ? { status: /^(?:1|true)$/i.test(disabled.trim()) ? 'disabled' : 'enabled' } : {}),
    };
    loader.add({ text: search.value, title: s.name, meta, fileOffset: (o) => search.offsets[o] ?? search.keyOffset });
  }
  if (found === 0) loader.diagnostic(-1, SplunkCode.file, 'warning', 'no search = setting found in this file');
}

/** Parses every search of the run's Splunk files with the run's macros and props. Never throws. */
export function parseSplunkFiles(files: readonly DetectionFile[], options: LoadOptions): ParseResult<SplunkAst> {
  let settings: ReturnType<typeof searchContextOf>;
  try {
    settings = searchContextOf(options);
  } catch (e) {
    // A bug in reading the macros or props must not cost the run its other dialects' rules.
    const message = `could not read the splunk macros or props: ${(e as Error).message}`;
    return { rules: [], notApplicable: [], diagnostics: [{ code: SplunkCode.settings, severity: 'error', file: 'splunk-spl options', message }] };
  }
  const { ctx, diagnostics } = settings;
  const result = { rules: [] as ParsedRule<SplunkAst>[], notApplicable: [] as NotApplicable[], diagnostics };
  for (const file of files) {
    const loader = new FileLoader(file, ctx);
    try {
      const ext = extname(file.path).toLowerCase();
      if (ext === '.conf') loadConf(loader, file);
      else if (ext === '.spl') loader.add({ text: file.text, title: basename(file.path, ext), meta: { ruleId: basename(file.path, ext) }, fileOffset: (o) => o });
      else loadYaml(loader, file);
    } catch (e) {
      loader.diagnostic(-1, SplunkCode.file, 'error', `could not read splunk searches: ${(e as Error).message}`);
    }
    result.rules.push(...loader.rules);
    result.notApplicable.push(...loader.notApplicable);
    result.diagnostics.push(...loader.diagnostics);
  }
  return result;
}

/** The Splunk SPL dialect. */
export const splunkDialect: Dialect<SplunkAst> = {
  id: SPLUNK_DIALECT_ID,
  ruleFileName: 'rule.spl',
  defaultMapping: 'splunk',
  claims: {
    extensions: ['.spl', '.conf', '.yml', '.yaml'],
    sniff: (file) => (recogniseSplunk(file) ? 'yes' : 'no'),
  },
  parse: parseSplunkFiles,
  compile: (rule) => compileSplunk(rule),
  link: (_spanning, ids) => linkSplunk(ids),
  options: SPLUNK_OPTIONS,
};

/** Loads Splunk files the way the registry does (ids, compile, aggregates): for tests and library users. */
export function loadSplunkFiles(files: readonly DetectionFile[], options: LoadOptions = {}): LoadResult {
  return loadWithDialect(splunkDialect, files, options);
}
