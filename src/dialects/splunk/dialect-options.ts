/**
 * The `splunk-spl` dialect's own options (`LoadOptions.dialectOptions`), turned into the context a
 * search runs with. The CLI passes files (`--splunk-macros`, `--splunk-props`, `--splunk-index`,
 * `--no-splunk-addon`); `parseRule` callers may also pass the forms `parseSplunkSearch` takes (a macro
 * table, a props text). Option values that have the wrong shape are diagnostics, never exceptions.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { DetectionFile, LoadOptions } from '../types.js';
import { SplunkCode } from './codes.js';
import type { SearchContext } from './compile.js';
import { ESCU_MACROS, macroKey, type MacroDefinition } from './macros.js';
import type { EventMetadata } from '../mapping/splunk/record-model.js';
import { readMacroFiles, readPropsFiles } from './settings.js';

/** Names of the dialect's options (`Dialect.options`). */
export const SPLUNK_OPTIONS = ['macros', 'props', 'addon', 'metadata'] as const;

/** A macro table as the library takes it: name (or `name(N)`) → arguments and definition. */
export type MacroTableOption = Readonly<Record<string, { readonly args?: readonly string[]; readonly definition: string }>>;

function isFileList(v: unknown): v is DetectionFile[] {
  return Array.isArray(v) && v.every((f) => typeof f === 'object' && f !== null && typeof (f as DetectionFile).path === 'string' && typeof (f as DetectionFile).text === 'string');
}

function bad(name: string, expected: string): Diagnostic {
  return { code: SplunkCode.settings, severity: 'error', file: 'splunk-spl options', message: `option ${name}: expected ${expected}` };
}

/** Adds a library macro table (ESCU's defaults stay unless overridden). */
export function addMacroTable(table: Map<string, MacroDefinition>, macros: MacroTableOption): void {
  for (const [key, m] of Object.entries(macros)) {
    const args = [...(m.args ?? [])];
    table.set(macroKey(key.replace(/\(\d+\)$/, ''), args.length), { args, definition: m.definition });
  }
}

function isMacroTable(v: unknown): v is MacroTableOption {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((m) => typeof m === 'object' && m !== null && typeof (m as { definition?: unknown }).definition === 'string');
}

function isMetadata(v: unknown): v is EventMetadata {
  return typeof v === 'object' && v !== null && Object.entries(v).every(([k, x]) => ['index', 'host', 'source'].includes(k) && (x === undefined || typeof x === 'string'));
}

/** The search context of a run's options, with the problems of its macro and props files. */
export function searchContextOf(options: LoadOptions): { ctx: SearchContext; diagnostics: Diagnostic[] } {
  const own = options.dialectOptions ?? {};
  const diagnostics: Diagnostic[] = [];
  const macros = new Map(ESCU_MACROS);
  if (isFileList(own['macros'])) readMacroFiles(own['macros'], macros, diagnostics);
  else if (isMacroTable(own['macros'])) addMacroTable(macros, own['macros']);
  else if (own['macros'] !== undefined) diagnostics.push(bad('macros', 'macro files ({ path, text }[]) or a table name → { args?, definition }'));
  const propsOption = own['props'];
  const propsFiles = typeof propsOption === 'string' ? [{ path: 'props', text: propsOption }] : isFileList(propsOption) ? propsOption : [];
  if (propsOption !== undefined && typeof propsOption !== 'string' && !isFileList(propsOption)) diagnostics.push(bad('props', 'a props.conf text or files ({ path, text }[])'));
  const props = readPropsFiles(propsFiles, diagnostics);
  const addonOption = own['addon'];
  if (addonOption !== undefined && typeof addonOption !== 'boolean') diagnostics.push(bad('addon', 'true or false'));
  const metadataOption = own['metadata'];
  if (metadataOption !== undefined && !isMetadata(metadataOption)) diagnostics.push(bad('metadata', '{ index?, host?, source? } strings'));
  const input = options.input === 'fields' ? 'fields' : 'cloudtrail';
  const ctx: SearchContext = {
    macros,
    // A flat field map is what Splunk already extracted: no add-on layer over it.
    addon: input === 'cloudtrail' && addonOption !== false,
    props,
    metadata: isMetadata(metadataOption) ? metadataOption : {},
    input,
  };
  return { ctx, diagnostics };
}
