/**
 * The files and dialect options a run loads its detections with, from the flags `replay` and `plan`
 * share: `--field-mapping` and the `splunk-spl` dialect's `--splunk-*` flags
 * (src/dialects/splunk/dialect-options.ts).
 */
import { readFile } from 'node:fs/promises';
import type { LoadDetectionsOptions } from '../dialects/index.js';
import { SPLUNK_DIALECT_ID } from '../dialects/splunk/index.js';
import type { DetectionFile } from '../dialects/types.js';
import { UsageError } from './exit-codes.js';

/** The flags that say how rule files load. */
export interface RuleInputFlags {
  readonly fieldMapping?: string[];
  readonly splunkMacros?: string[];
  readonly splunkProps?: string[];
  readonly splunkAddon?: boolean;
  readonly splunkIndex?: string;
}

async function readAll(paths: readonly string[] | undefined, flag: string): Promise<DetectionFile[]> {
  const files: DetectionFile[] = [];
  for (const path of paths ?? []) {
    try {
      files.push({ path, text: await readFile(path, 'utf8') });
    } catch (e) {
      throw new UsageError(`cannot read ${flag} ${path}: ${(e as Error).message}`);
    }
  }
  return files;
}

/** `loadDetections` options of the flags; throws `UsageError` for a file that does not read. */
export async function ruleInputsOf(flags: RuleInputFlags): Promise<LoadDetectionsOptions> {
  const fieldMappings = await readAll(flags.fieldMapping, '--field-mapping');
  const macros = await readAll(flags.splunkMacros, '--splunk-macros');
  const props = await readAll(flags.splunkProps, '--splunk-props');
  const splunk = {
    ...(macros.length > 0 ? { macros } : {}),
    ...(props.length > 0 ? { props } : {}),
    ...(flags.splunkAddon === false ? { addon: false } : {}),
    ...(flags.splunkIndex !== undefined ? { metadata: { index: flags.splunkIndex } } : {}),
  };
  return { fieldMappings, ...(Object.keys(splunk).length > 0 ? { dialectOptions: { [SPLUNK_DIALECT_ID]: splunk } } : {}) };
}
