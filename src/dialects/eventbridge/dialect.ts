/**
 * The `eventbridge` dialect: which `.json` files hold EventBridge event patterns, and how they load.
 *
 * Recognised by content, so CloudWatch Logs describe-metric-filters output and CloudFormation templates
 * stay with the `cwl` dialect:
 * - `aws events list-rules` output: `{"Rules": [{"Name", "EventPattern", "State", "EventBusName", ...}]}`;
 * - `aws events describe-rule` output: one rule object with `EventPattern`;
 * - a bare pattern: an object with at least one envelope key (`source`, `detail-type`, `detail`, ...).
 * `EventPattern` is a JSON string in both AWS outputs (digest §1); an object is accepted too.
 */
import { basename, extname } from 'node:path';
import { lineColumn, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { RecordView } from '../../record/view.js';
import type { Claim, CompileResult, DetectionFile, DetectionMeta, Dialect, LoadResult, NotApplicable, ParsedRule, ParseResult } from '../types.js';
import { loadWithDialect } from '../registry.js';
import type { Document } from 'yaml';
import { templateHas } from '../carriers/cloudformation.js';
import { isTerraformState, stateResources, stateString, stateValue } from '../carriers/terraform-state.js';
import { readJson, readYaml } from '../carriers/structured.js';
import { readCliList, readCliResource, type CliListShape, type CliOutput } from '../carriers/aws-cli.js';
import { carriedRules, EVENT_RULE_TYPE, TERRAFORM_EVENT_RULE, terraformRules, type CarriedRule } from './carried.js';
import { EventBridgeCode } from './codes.js';
import { compilePattern } from './compile-pattern.js';
import { ruleArnParts, uncheckedDelivery, undeliveredReason, UNKNOWN_DEPLOYMENT, type RuleDeployment } from './delivery.js';
import { envelopeOf } from '../mapping/eventbridge.js';
import { EventPatternError } from './errors.js';
import { jsonNodeTree, readJsonText, type JsonNode } from './json-text.js';
import { prefilterOf } from './literals.js';
import { flattenEvent, matchBranches, pathsOf } from './match.js';
import type { Branch } from './model.js';
import { DEFAULT_PATTERN_LENGTH, MAX_PATTERN_LENGTH } from './pattern.js';
import { patternText } from './pattern-text.js';

/** Top-level keys of the envelope (digest §2): a bare pattern names at least one. */
const ENVELOPE_KEYS = new Set(['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources', 'detail']);

/** `aws events list-rules` output: `{"Rules": [{"Name", ...}], "NextToken"?}`. */
const LIST_RULES: CliListShape = { list: 'Rules', itemKeys: ['Name'] };

type Shape = 'list-rules' | 'describe-rule' | 'pattern' | 'terraform-state';
type ObjectNode = Extract<JsonNode, { kind: 'object' }>;

function bomOffset(text: string): number {
  return text.charCodeAt(0) === 0xfeff ? 1 : 0;
}

function field(node: ObjectNode, key: string): JsonNode | undefined {
  let found: JsonNode | undefined;
  for (const e of node.entries) if (e.key === key) found = e.value;
  return found;
}

function shapeOf(file: DetectionFile, root: JsonNode): { shape: Shape; cli?: CliOutput<JsonNode> } | null {
  if (root.kind !== 'object') return null;
  if (isTerraformState(root)) return stateResources(root, TERRAFORM_EVENT_RULE).length > 0 ? { shape: 'terraform-state' } : null;
  const tree = jsonNodeTree(bomOffset(file.text));
  const list = readCliList(file.text, root, tree, LIST_RULES);
  if (list !== null) return { shape: 'list-rules', cli: list };
  // `describe-rule` output: one rule object with `EventPattern`.
  const one = readCliResource(file.text, root, tree, 'EventPattern');
  if (one !== null) return { shape: 'describe-rule', cli: one };
  return root.entries.some((e) => ENVELOPE_KEYS.has(e.key)) ? { shape: 'pattern' } : null;
}

type Classified =
  | { root: JsonNode; shape: Shape; cli?: CliOutput<JsonNode> }
  | { error: EventPatternError }
  | { template: Document }
  | { broken: Diagnostic }
  | { terraform: true };

/** A CloudFormation template with an `AWS::Events::Rule`; one that does not read is ours when it looks like one. */
function classifyTemplate(file: DetectionFile, yaml: boolean): Classified | null {
  if (!file.text.includes(EVENT_RULE_TYPE)) return null;
  const read = yaml ? readYaml(file, EventBridgeCode.fileSyntax) : readJson(file, EventBridgeCode.fileSyntax);
  if (read.doc === null) return /^\s*"?Resources"?\s*:/m.test(file.text) ? { broken: read.diagnostic } : null;
  return templateHas(read.value, EVENT_RULE_TYPE) ? { template: read.doc } : null;
}

/** What the file is, or null when it is not ours. A `.json` file that does not parse may be ours when it names an event pattern. */
function classify(file: DetectionFile): Classified | null {
  const ext = extname(file.path).toLowerCase();
  if (ext === '.yaml' || ext === '.yml') return classifyTemplate(file, true);
  if (ext === '.tf') return file.text.includes(TERRAFORM_EVENT_RULE) ? { terraform: true } : null;
  if (ext !== '.json') return null;
  const skip = bomOffset(file.text);
  try {
    const root = readJsonText(file.text.slice(skip));
    const shape = shapeOf(file, root);
    return shape === null ? classifyTemplate(file, false) : { root, ...shape };
  } catch (e) {
    if (!(e instanceof EventPatternError)) throw e;
    if (/"(?:EventPattern|detail-type)"\s*:/.test(file.text)) return file.text.includes(EVENT_RULE_TYPE) ? classifyTemplate(file, false) ?? { error: e } : { error: e };
    return null;
  }
}

/** A diagnostic at `offset` of the file text (-1: the whole file). */
function diagnosticAt(file: DetectionFile, offset: number, code: string, severity: Diagnostic['severity'], message: string, rule?: string): Diagnostic {
  const where = offset >= 0 ? lineColumn(file.text, offset) : {};
  return { code, severity, file: file.path, message, ...where, ...(rule !== undefined ? { rule } : {}) };
}

/** An event pattern as parsed: the pattern object, or the JSON string holding it, in its file. */
export interface EventBridgeAst {
  readonly file: DetectionFile;
  readonly node: JsonNode;
  /** What to add to the node's offsets to get file offsets (a byte order mark the JSON reader skipped). */
  readonly shift: number;
  /** Where and how the rule is deployed, as far as its file says (delivery.ts). */
  readonly deployment: RuleDeployment;
}

/** The deployment a carrier's rule states through its meta: state and bus; its ARN is not known there. */
function deploymentOf(meta: DetectionMeta): RuleDeployment {
  const bus = meta.tags?.find((tag) => tag.startsWith('event-bus:'))?.slice('event-bus:'.length) ?? null;
  return { ...UNKNOWN_DEPLOYMENT, state: meta.status ?? null, eventBus: bus };
}

class Parser {
  readonly rules: ParsedRule<EventBridgeAst>[] = [];
  readonly notApplicable: NotApplicable[] = [];
  readonly diagnostics: Diagnostic[] = [];

  private readonly skip: number;

  constructor(private readonly file: DetectionFile) {
    this.skip = bomOffset(file.text);
  }

  /** A diagnostic at `offset` of the text the JSON reader read (after the byte order mark). */
  diagnostic(offset: number, code: string, severity: Diagnostic['severity'], message: string): void {
    this.diagnostics.push(diagnosticAt(this.file, offset >= 0 ? offset + this.skip : -1, code, severity, message));
  }

  add(node: JsonNode, title: string, meta: DetectionMeta, deployment: RuleDeployment, shift = this.skip): void {
    // `text`: the pattern as AWS receives it (verify-pattern --aws sends it to TestEventPattern).
    const text = node.kind === 'string' ? node.value : patternText(node);
    const unchecked = uncheckedDelivery(deployment);
    const withNotes: DetectionMeta = unchecked === null ? meta : { ...meta, notes: [...(meta.notes ?? []), unchecked] };
    this.rules.push({ name: title, title, file: this.file.path, meta: withNotes, text, ast: { file: this.file, node, shift, deployment } });
  }

  /** The rules of `terraform show -json` output: `event_pattern` is a JSON string. */
  state(root: JsonNode): void {
    for (const r of stateResources(root, TERRAFORM_EVENT_RULE)) {
      const name = stateString(r.values, 'name') ?? r.name;
      const pattern = stateValue(r.values, 'event_pattern');
      if (pattern === undefined || pattern.kind === 'null' || (pattern.kind === 'string' && pattern.value === '')) {
        this.notApplicable.push({ file: this.file.path, title: name, reason: 'rule has no event pattern (schedule only)' });
        continue;
      }
      // `is_enabled` is the provider's older spelling of the state.
      const enabled = stateValue(r.values, 'is_enabled');
      const state = stateString(r.values, 'state') ?? (enabled?.kind === 'boolean' && !enabled.value ? 'DISABLED' : null);
      const bus = stateString(r.values, 'event_bus_name');
      const description = stateString(r.values, 'description');
      const meta: DetectionMeta = {
        ruleId: name,
        description: description !== null && description !== '' ? description : r.address,
        ...(state !== null ? { status: state } : {}),
        ...(bus !== null ? { tags: [`event-bus:${bus}`] } : {}),
      };
      this.add(pattern, name, meta, { state, eventBus: bus, ...ruleArnParts(stateString(r.values, 'arn') ?? undefined) });
    }
  }

  /** The rules of a carrier file (CloudFormation, Terraform): their offsets are file offsets already. */
  template(found: readonly CarriedRule[]): void {
    for (const r of found) {
      if (r.kind === 'schedule') this.notApplicable.push({ file: this.file.path, title: r.name, reason: 'rule has no event pattern (schedule only)' });
      else if (r.kind === 'problem') this.diagnostics.push(diagnosticAt(this.file, r.at, EventBridgeCode.badEventPattern, 'error', r.message, r.name));
      else this.add(r.pattern, r.name, r.meta, deploymentOf(r.meta), 0);
    }
  }

  /** One rule object of list-rules or describe-rule output. */
  rule(node: JsonNode, fallbackTitle: string): void {
    if (node.kind !== 'object') return;
    const text = (key: string): string | undefined => {
      const v = field(node, key);
      return v?.kind === 'string' ? v.value : undefined;
    };
    const name = text('Name') ?? fallbackTitle;
    const pattern = field(node, 'EventPattern');
    if (pattern === undefined) {
      this.notApplicable.push({ file: this.file.path, title: name, reason: 'rule has no event pattern (schedule only)' });
      return;
    }
    const bus = text('EventBusName');
    const meta: DetectionMeta = {
      ruleId: name,
      ...(text('Description') !== undefined ? { description: text('Description') } : {}),
      ...(text('State') !== undefined ? { status: text('State') } : {}),
      ...(bus !== undefined ? { tags: [`event-bus:${bus}`] } : {}),
    };
    this.add(pattern, name, meta, { state: text('State') ?? null, eventBus: bus ?? null, ...ruleArnParts(text('Arn')) });
  }
}

/** Finds every event pattern of one file. Never throws: problems become diagnostics. */
function parseFile(file: DetectionFile): ParseResult<EventBridgeAst> {
  const parser = new Parser(file);
  const title = basename(file.path, extname(file.path));
  try {
    const found = classify(file);
    if (found === null) {
      parser.diagnostic(-1, EventBridgeCode.noPatterns, 'warning', 'no EventBridge event pattern found in this file');
    } else if ('error' in found) {
      parser.diagnostic(found.error.offset, EventBridgeCode.fileSyntax, 'error', `invalid json: ${found.error.reason}`);
    } else if ('broken' in found) {
      parser.diagnostics.push(found.broken);
    } else if ('template' in found) {
      parser.template(carriedRules(file, found.template));
    } else if ('terraform' in found) {
      const rules = terraformRules(file);
      if ('error' in rules) parser.diagnostics.push(diagnosticAt(file, rules.at, EventBridgeCode.fileSyntax, 'error', rules.error));
      else parser.template(rules);
    } else if (found.shape === 'pattern') {
      parser.add(found.root, title, { ruleId: title }, UNKNOWN_DEPLOYMENT);
    } else if (found.shape === 'terraform-state') {
      parser.state(found.root);
    } else {
      // AWS CLI output: a describe-rule object is titled after the file, list-rules items after their place.
      const items = found.cli?.items ?? [];
      for (const item of items) parser.rule(item.node, found.shape === 'describe-rule' ? title : `${title}-${item.index + 1}`);
      if (items.length === 0) parser.diagnostic(-1, EventBridgeCode.noPatterns, 'warning', 'no EventBridge event pattern found in this file');
    }
  } catch (e) {
    // A bug in the parser must not stop the other rule files from loading.
    parser.diagnostic(-1, EventBridgeCode.fileSyntax, 'error', `could not read event patterns: ${(e as Error).message}`);
  }
  return { rules: parser.rules, notApplicable: parser.notApplicable, diagnostics: parser.diagnostics };
}

/** Compiles one pattern; `input: 'event'` matches records as events themselves, not CloudTrail records to wrap. */
function compileRule(rule: ParsedRule<EventBridgeAst>, input: string | undefined): CompileResult {
  const { file, node, shift, deployment } = rule.ast;
  const at = (offset: number): number => (offset >= 0 ? offset + shift : -1);
  const title = rule.title;
  const diagnostics: Diagnostic[] = [];
  let branches: Branch[];
  try {
    if (node.kind === 'string') {
      if (node.value.length > MAX_PATTERN_LENGTH) {
        throw new EventPatternError(`Event pattern length ${node.value.length} exceeds the maximum of ${MAX_PATTERN_LENGTH}`, -1);
      }
      if (node.value.length > DEFAULT_PATTERN_LENGTH) {
        diagnostics.push(diagnosticAt(file, at(node.offset), EventBridgeCode.overDefaultLength, 'warning', `event pattern is ${node.value.length} characters: over the default quota of ${DEFAULT_PATTERN_LENGTH} (allowed only where the quota was raised)`, title));
      }
      branches = compilePattern(readJsonText(node.value));
    } else if (node.kind === 'object') {
      branches = compilePattern(node);
    } else {
      diagnostics.push(diagnosticAt(file, at(node.offset), EventBridgeCode.badEventPattern, 'error', `EventPattern must be a JSON string or an object, found ${node.kind}`, title));
      return { rule: null, diagnostics };
    }
  } catch (e) {
    if (!(e instanceof EventPatternError)) throw e;
    // Inside a JSON string, point at the string and say where in the pattern the problem is.
    if (node.kind === 'string' && e.offset >= 0) {
      const inner = lineColumn(node.value, e.offset);
      diagnostics.push(diagnosticAt(file, at(node.offset), EventBridgeCode.invalidPattern, 'error', `${e.message} (at line ${inner.line}, column ${inner.column} of the pattern)`, title));
    } else {
      diagnostics.push(diagnosticAt(file, at(node.kind === 'string' ? node.offset : e.offset), EventBridgeCode.invalidPattern, 'error', e.message, title));
    }
    return { rule: null, diagnostics };
  }
  const paths = pathsOf(branches);
  const asEvent = input === 'event';
  return {
    rule: {
      prefilter: asEvent ? null : prefilterOf(branches),
      match: (view: RecordView): boolean => matchBranches(branches, flattenEvent(asEvent ? view.value : envelopeOf(view.value), paths)),
      ...(asEvent ? {} : { undelivered: (view: RecordView): string | null => undeliveredReason(deployment, view.value) }),
    },
    diagnostics,
  };
}

/** The EventBridge event-pattern dialect. */
export const eventBridgeDialect: Dialect<EventBridgeAst> = {
  id: 'eventbridge',
  ruleFileName: 'pattern.json',
  defaultMapping: 'eventbridge',
  claims: {
    extensions: ['.json', '.yaml', '.yml', '.tf'],
    sniff: (file): Claim => {
      const found = classify(file);
      return found === null ? 'no' : 'error' in found || 'broken' in found ? 'maybe' : 'yes';
    },
  },
  parse(files) {
    const parsed = files.map(parseFile);
    return { rules: parsed.flatMap((p) => p.rules), notApplicable: parsed.flatMap((p) => p.notApplicable), diagnostics: parsed.flatMap((p) => p.diagnostics) };
  },
  compile: (rule, options) => compileRule(rule, options.input),
};

/** Loads every event pattern of one file, as the registry does. Never throws. */
export function loadEventBridgeFile(file: DetectionFile): LoadResult {
  return loadWithDialect(eventBridgeDialect, [file], {});
}
