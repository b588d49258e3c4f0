/**
 * The `sigma` dialect: recognises Sigma YAML files and loads them (all of a run's files at once, so
 * filters and correlations can refer to rules in other files).
 */
import type { DetectionFile, Dialect, LoadOptions, LoadResult } from '../types.js';
import { loadSigma } from './loader.js';

const TOP_LEVEL_SECTION = /^(?:detection|correlation|filter)[ \t]*:/m;

/** True for `.yml`/`.yaml` files with a top-level `detection:`, `correlation:` or `filter:` key that are not CloudFormation templates. */
export function recogniseSigma(file: DetectionFile): boolean {
  if (!/\.ya?ml$/i.test(file.path)) return false;
  // CloudFormation templates belong to the cwl dialect (metric filters) or to no dialect.
  if (file.text.includes('AWS::Logs::MetricFilter') || /^AWSTemplateFormatVersion[ \t]*:/m.test(file.text)) return false;
  return TOP_LEVEL_SECTION.test(file.text);
}

/** The Sigma dialect. */
export const sigmaDialect: Dialect = {
  id: 'sigma',
  recognise: recogniseSigma,
  load(file: DetectionFile, options: LoadOptions): LoadResult {
    return loadSigma([file], options).result;
  },
  loadAll(files: readonly DetectionFile[], options: LoadOptions): LoadResult {
    return loadSigma(files, options).result;
  },
};
