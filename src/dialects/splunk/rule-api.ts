/**
 * The library API for one SPL search: `parseSplunkSearch(text, options)` compiles it (macros, record
 * model, subset) or throws `SplunkSearchError` with the code and the position of the first problem.
 *
 * ```ts
 * const s = parseSplunkSearch('`cloudtrail` eventName=ConsoleLogin userIdentity.type=root');
 * s.matches({ eventName: 'ConsoleLogin', userIdentity: { type: 'Root' } }); // true
 * const f = parseSplunkSearch('status!=404', { input: 'fields' });
 * f.matches({ status: '200' }); // true;  f.matches({}) // false (digest §3.8)
 * ```
 */
import { lineColumn, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { JsonObject, JsonValue } from '../../record/view.js';
import { RuleError } from '../rule-error.js';
import type { Prefilter } from '../types.js';
import { SplunkCode } from './codes.js';
import { compileSearch, eventOfRecord, keeps, survivors, type SearchContext } from './compile.js';
import { SplError } from './errors.js';
import { addMacroTable, type MacroTableOption } from './dialect-options.js';
import type { Row } from './event.js';
import type { Fields } from '../mapping/splunk/fields.js';
import { fieldsOfMap } from './fields-input.js';
import { ESCU_MACROS } from './macros.js';
import type { EventMetadata } from '../mapping/splunk/record-model.js';
import { readPropsFiles } from './settings.js';

/** A search that does not compile, or cannot be replayed (`TP8009`). */
export class SplunkSearchError extends RuleError {
  constructor(message: string, code: string, at?: { line: number; column: number }) {
    super(code, at === undefined ? message : `line ${at.line}, col ${at.column}: ${message}`, at?.line, at?.column);
    this.name = 'SplunkSearchError';
  }
}

/** Options of `parseSplunkSearch`. */
export interface SplunkSearchOptions {
  /** Macros on top of ESCU's defaults; arity comes from `args` (`name(N)` keys are accepted too). */
  readonly macros?: MacroTableOption;
  /** `cloudtrail` (default): events are CloudTrail records. `fields`: flat maps field → value or list. */
  readonly input?: 'cloudtrail' | 'fields';
  /** The Splunk Add-on for AWS alias layer for CloudTrail input (default true). */
  readonly addon?: boolean;
  /** Metadata replayed records carry (digest §2.4): `index`, `host`, `source`; absent unless set. */
  readonly metadata?: EventMetadata;
  /** Text of a props.conf-style file (`[aws:cloudtrail]` with `FIELDALIAS-`/`EVAL-`), for CloudTrail input. */
  readonly props?: string;
}

/** A compiled search. */
export interface SplunkSearch {
  /** True when the search aggregates (`stats`, `eventstats`): `matches` then runs it over one event. */
  readonly aggregate: boolean;
  readonly prefilter: Prefilter | null;
  /** Warnings (fields no record has, unquoted dotted eval names, …) as `line, col: message`. */
  readonly warnings: readonly string[];
  /** True when the search keeps the event (for an aggregate: a row built from it survives). */
  matches(event: object | string): boolean;
  /** Indexes of the events that contributed to a surviving row when the search runs over all of them. */
  run(events: readonly (object | string)[]): number[];
}

/** Compiles one SPL search. Throws `SplunkSearchError`. */
export function parseSplunkSearch(text: string, options: SplunkSearchOptions = {}): SplunkSearch {
  const input = options.input ?? 'cloudtrail';
  const problems: Diagnostic[] = [];
  const props = readPropsFiles(options.props === undefined ? [] : [{ path: 'props', text: options.props }], problems);
  const firstProblem = problems.find((p) => p.severity === 'error');
  if (firstProblem !== undefined) {
    const at = firstProblem.line !== undefined ? { line: firstProblem.line, column: firstProblem.column ?? 1 } : undefined;
    throw new SplunkSearchError(`props: ${firstProblem.message}`, SplunkCode.settings, at);
  }
  const macros = new Map(ESCU_MACROS);
  addMacroTable(macros, options.macros ?? {});
  const ctx: SearchContext = { macros, addon: input === 'cloudtrail' && options.addon !== false, props, metadata: options.metadata ?? {}, input };
  let compiled: ReturnType<typeof compileSearch>;
  try {
    compiled = compileSearch(text, ctx);
  } catch (e) {
    if (e instanceof SplError) throw new SplunkSearchError(e.message, e.code, lineColumn(text, e.offset));
    throw e;
  }
  if (compiled.kind === 'not-replayable') throw new SplunkSearchError(compiled.reason, SplunkCode.notReplayable);
  const { commands } = compiled;
  const eventOf = (event: object | string): Fields => {
    const value = (typeof event === 'string' ? JSON.parse(event) : event) as JsonValue;
    if (input === 'fields') return fieldsOfMap(value as object);
    return eventOfRecord(value as JsonObject, typeof event === 'string' ? event : JSON.stringify(event), ctx);
  };
  return {
    aggregate: compiled.aggregate,
    prefilter: compiled.prefilter,
    warnings: compiled.warnings.map((w) => {
      const at = lineColumn(text, w.offset);
      return `line ${at.line}, col ${at.column}: ${w.message}`;
    }),
    matches: (event) => keeps(commands, eventOf(event)),
    run: (events) => survivors(commands, events.map((e, i): Row => ({ fields: eventOf(e), sources: [i] }))),
  };
}
