/**
 * Regression suites: `trailproof test [suite-file]`.
 *
 * Brief overview: a suite file (`trailproof.yml`, docs/suites.md) names sources, detections and, per
 * detection, what it must catch, how many false alarms it may raise and which events it must never fire
 * on, plus labels that override the built-in root classification. `parseSuite` reads the file;
 * `runSuite` loads the detections, replays the sources (the same engine as `replay`), and turns the
 * report into checks (`evaluateSuite`, pure); the checks render as terminal lines, JUnit XML, Markdown
 * or SARIF. A baseline (`baseline.ts`) records every detection's caught / missed / false-alarm sets so a
 * later run can show what a rule change did and fail on regressions only.
 *
 * ```ts
 * const { suite } = parseSuite(await readFile('trailproof.yml', 'utf8'), 'trailproof.yml');
 * const { result } = await runSuite({ suite: suite!, baseDir: process.cwd(), baseline: null, version: '0.1.0' });
 * process.stdout.write(renderTerminal(result, { color: false })); // ... "12 passed, 0 failed"
 * ```
 */
export { parseSuite, type ParsedSuite } from './parse-suite.js';
export { runSuite, type RunSuiteOptions } from './run-suite.js';
export { evaluateSuite, type SuiteEvaluation, type SuiteOutcome } from './evaluate-suite.js';
export { baselineOf, compareBaseline, parseBaseline, serializeBaseline, BASELINE_SCHEMA, type Baseline, type DetectionDiff } from './baseline.js';
export { renderTerminal } from './format/terminal.js';
export { renderSuiteJunit } from './format/junit.js';
export { renderSuiteMarkdown } from './format/markdown.js';
export { renderSuiteSarif } from './format/sarif.js';
export type { CheckResult, SuiteResult } from './results.js';
export { DEFAULT_BASELINE, DEFAULT_SUITE, type Suite, type SuiteExpectation, type EventLabel } from './model.js';
