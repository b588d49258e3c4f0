/**
 * The registry's work, for any list of dialects: which dialects read a file (claims), and loading files
 * with one dialect (parse, name, compile, link). It owns detection ids, claim conflicts and the order
 * of diagnostics, so that dialects do not each decide them.
 */
import { extname } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { truncateMessage } from '../diagnostics/truncate-message.js';
import type { Claim, CompileResult, Detection, DetectionFile, Dialect, LoadOptions, LoadResult, ParsedRule, ParseResult } from './types.js';

/** How sure `dialect` is that it reads `file`: `no` for other extensions, and when its sniff throws. */
export function claimOf(dialect: Dialect, file: DetectionFile): Claim {
  if (!dialect.claims.extensions.includes(extname(file.path).toLowerCase())) return 'no';
  try {
    return dialect.claims.sniff(file);
  } catch {
    return 'no';
  }
}

/** Who reads a file: every dialect sure of it (a file may feed several), or a lone `maybe`. */
export type Claimants = { readonly kind: 'read'; readonly dialects: readonly Dialect[] } | { readonly kind: 'none' } | { readonly kind: 'tie'; readonly dialects: readonly Dialect[] };

/**
 * The dialects that read `file`. `yes` beats `maybe`; several `yes` all read it (a CloudFormation
 * template holding rules of several dialects); several `maybe` and no `yes` is a tie nobody wins.
 */
export function claimantsOf(file: DetectionFile, dialects: readonly Dialect[]): Claimants {
  const claims = dialects.map((d) => claimOf(d, file));
  const sure = dialects.filter((_, i) => claims[i] === 'yes');
  if (sure.length > 0) return { kind: 'read', dialects: sure };
  const maybe = dialects.filter((_, i) => claims[i] === 'maybe');
  if (maybe.length === 1) return { kind: 'read', dialects: maybe };
  return maybe.length === 0 ? { kind: 'none' } : { kind: 'tie', dialects: maybe };
}

/** The diagnostic for a file several dialects might read and none is sure of. */
export function tieDiagnostic(file: DetectionFile, dialects: readonly Dialect[]): Diagnostic {
  const ids = dialects.map((d) => `'${d.id}'`).join(' and ');
  return { code: 'TP0004', severity: 'error', file: file.path, message: `not loaded: ${ids} could each read this file and neither is sure of it (it may not parse); fix it or give it another extension` };
}

/** The diagnostic for a rule file a dialect failed on; long messages are cut (they may quote the rule). */
export function failed(path: string, e: unknown): Diagnostic {
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'TP0003', severity: 'error', file: path, message: `could not load this file: ${truncateMessage(message)}` };
}

/**
 * Parses `files` with `dialect`. Dialects never throw by contract; should one still do so (a bug, or a
 * limit the dialect did not foresee), only the file it failed on is lost: after a failed parse of
 * several files they are parsed one by one, so the others still load.
 */
function parseEach<A>(dialect: Dialect<A>, files: readonly DetectionFile[], options: LoadOptions): ParseResult<A>[] {
  try {
    return [dialect.parse(files, options)];
  } catch (e) {
    if (files.length === 1) return [{ rules: [], notApplicable: [], diagnostics: [failed(files[0]!.path, e)] }];
  }
  return files.map((f) => parseEach(dialect, [f], options)[0]!);
}

/** Ids `<file>#<name>`, then `<file>#<name>-2`, ... for a name repeated in a file. */
class IdAllocator {
  private readonly used = new Set<string>();

  take(file: string, name: string): string {
    let id = `${file}#${name}`;
    for (let n = 2; this.used.has(id); n++) id = `${file}#${name}-${n}`;
    this.used.add(id);
    return id;
  }
}

function compileSafely<A>(dialect: Dialect<A>, rule: ParsedRule<A>, options: LoadOptions): CompileResult {
  try {
    return dialect.compile(rule, options);
  } catch (e) {
    return { rule: null, diagnostics: [{ ...failed(rule.file, e), rule: rule.title }] };
  }
}

/**
 * Diagnostics per file in the order the files were given (those about other files, such as field
 * mappings, first), then by position: parse and compile problems are found in separate passes.
 */
function ordered(diagnostics: readonly Diagnostic[], files: readonly DetectionFile[]): Diagnostic[] {
  const rank = new Map<string, number>();
  files.forEach((f, i) => {
    if (!rank.has(f.path)) rank.set(f.path, i);
  });
  const key = (d: Diagnostic): number => rank.get(d.file ?? '') ?? -1;
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => key(a.d) - key(b.d) || (a.d.line ?? 0) - (b.d.line ?? 0) || (a.d.column ?? 0) - (b.d.column ?? 0) || a.i - b.i)
    .map((x) => x.d);
}

/** Loads `files` with one dialect: parse, name, compile, link. Never throws. */
export function loadWithDialect<A>(dialect: Dialect<A>, files: readonly DetectionFile[], options: LoadOptions = {}): LoadResult {
  const detections: Detection[] = [];
  const result: LoadResult = { detections, correlations: [], notApplicable: [], diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  const ids = new IdAllocator();
  for (const parsed of parseEach(dialect, files, options)) {
    diagnostics.push(...parsed.diagnostics);
    result.notApplicable.push(...parsed.notApplicable);
    const named = new Map<ParsedRule<A>, string>();
    for (const rule of parsed.rules) {
      const id = ids.take(rule.file, rule.name);
      const compiled = compileSafely(dialect, rule, options);
      diagnostics.push(...compiled.diagnostics);
      if (compiled.rule === null) continue;
      named.set(rule, id);
      detections.push({ id, title: rule.title, dialect: dialect.id, file: rule.file, meta: rule.meta, rule: compiled.rule, ...(rule.text !== undefined ? { text: rule.text } : {}) });
    }
    const spanning = parsed.spanning ?? [];
    result.correlations.push(...(dialect.link !== undefined ? dialect.link(spanning, named) : spanning));
  }
  result.diagnostics.push(...ordered(diagnostics, files));
  return result;
}
