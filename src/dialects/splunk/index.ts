/**
 * Splunk SPL searches: the `splunk-spl` dialect (docs/splunk.md).
 *
 * Brief overview: `parseSplunkSearch` compiles one search — macros expanded (macros.ts), commands split
 * and parsed (split-commands.ts, parse-search.ts, parse-eval.ts, parse-commands.ts) — and runs it over a
 * CloudTrail record as Splunk sees it (record-model.ts, the add-on alias layer addon.ts, props
 * settings.ts) or over a flat field map. The dialect (dialect.ts) loads ESCU YAML, savedsearches.conf
 * and `.spl` files; searches with `stats` run as aggregates over the whole replay (run-pipeline.ts).
 *
 * ```ts
 * import { parseSplunkSearch } from './dialects/splunk/index.js';
 * parseSplunkSearch('eventName=consolelogin').matches({ eventName: 'ConsoleLogin' }); // true
 * ```
 */
export { ADDON_ALIASES } from '../mapping/splunk/addon.js';
export { SplunkCode } from './codes.js';
export { loadSplunkFiles, parseSplunkFiles, recogniseSplunk, splunkDialect, SPLUNK_DIALECT_ID } from './dialect.js';
export type { SplunkAst } from './dialect.js';
export { SPLUNK_OPTIONS } from './dialect-options.js';
export { ESCU_MACROS } from './macros.js';
export { parseSplunkSearch, SplunkSearchError } from './rule-api.js';
export type { SplunkSearch, SplunkSearchOptions } from './rule-api.js';
