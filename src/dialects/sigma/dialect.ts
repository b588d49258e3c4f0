/**
 * The `sigma` dialect: claims Sigma YAML files and parses all of a run's files at once, so filters and
 * correlations can refer to rules in other files.
 */
import type { Claim, DetectionFile, Dialect } from '../types.js';
import { prefilterOf } from './literals.js';
import { loadSigma, type SigmaAst } from './loader.js';
import { SigmaCompiledRule } from './sigma-compiled-rule.js';

const TOP_LEVEL_SECTION = /^(?:detection|correlation|filter)[ \t]*:/m;

/** True for `.yml`/`.yaml` files with a top-level `detection:`, `correlation:` or `filter:` key that are not CloudFormation templates. */
export function recogniseSigma(file: DetectionFile): boolean {
  if (!/\.ya?ml$/i.test(file.path)) return false;
  // CloudFormation templates belong to the carriers (src/dialects/carriers), not to Sigma.
  if (file.text.includes('AWS::Logs::MetricFilter') || /^AWSTemplateFormatVersion[ \t]*:/m.test(file.text)) return false;
  return TOP_LEVEL_SECTION.test(file.text);
}

/** The Sigma dialect. */
export const sigmaDialect: Dialect<SigmaAst> = {
  id: 'sigma',
  ruleFileName: 'rule.yml',
  defaultMapping: 'cloudtrail',
  claims: {
    extensions: ['.yml', '.yaml'],
    sniff: (file): Claim => (recogniseSigma(file) ? 'yes' : 'no'),
  },
  parse: (files, options) => loadSigma(files, options).result,
  compile: (rule) => ({ rule: new SigmaCompiledRule(rule.ast.root, prefilterOf(rule.ast.root)), diagnostics: [] }),
};
