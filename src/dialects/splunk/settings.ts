/**
 * User settings a search runs with: macros (`macros.conf` stanzas `[name]` / `[name(N)]` with `args` and
 * `definition`, or ESCU macro YAML with `name`, `definition`, `arguments`; digest §1.2, §8) and search-time
 * field definitions from a `props.conf`-style file (`FIELDALIAS-x = a AS b …` and `EVAL-field = expr` in an
 * `[aws:cloudtrail]` stanza), applied after the add-on layer in Splunk's order: aliases, then calculated
 * fields, each EVAL seeing the fields as they were before any EVAL (Splunk computes them independently).
 */
import { extname } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { lineColumn, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { DetectionFile } from '../types.js';
import type { EvalNode } from './ast.js';
import { SplunkCode } from './codes.js';
import { readConf, setting } from './conf.js';
import { SplError } from './errors.js';
import { evaluate, checkFunctions, type EvalValue } from './evaluate-eval.js';
import type { Fields, Scalar } from '../mapping/splunk/fields.js';
import { macroKey, type MacroDefinition } from './macros.js';
import { parseEvalExpression } from './parse-eval.js';

/** Search-time field definitions from a props file. */
export interface PropsLayer {
  readonly aliases: readonly { readonly from: string; readonly to: string; readonly asNew: boolean }[];
  readonly evals: readonly { readonly field: string; readonly expr: EvalNode }[];
}

/** Names of the fields a props layer defines. */
export function propsFields(p: PropsLayer): string[] {
  return [...p.aliases.map((a) => a.to), ...p.evals.map((e) => e.field)];
}

function toScalars(v: EvalValue): Scalar[] | null {
  if (v === null) return null;
  if (typeof v === 'boolean') return [String(v)];
  return Array.isArray(v) ? [...(v as readonly Scalar[])] : [v as Scalar];
}

/** Applies the aliases, then the calculated fields (all computed from the same fields). */
export function applyProps(p: PropsLayer, fields: Fields): void {
  for (const a of p.aliases) {
    const v = fields.get(a.from);
    if (v !== undefined && (!a.asNew || !fields.has(a.to))) fields.set(a.to, [...v]);
  }
  if (p.evals.length === 0) return;
  const results = p.evals.map((e) => toScalars(evaluate(e.expr, fields)));
  p.evals.forEach((e, i) => {
    const r = results[i]!;
    if (r === null) fields.delete(e.field);
    else fields.set(e.field, r);
  });
}

function diag(file: DetectionFile, offset: number, message: string): Diagnostic {
  return { code: SplunkCode.settings, severity: 'error', file: file.path, message, ...lineColumn(file.text, offset) };
}

/** Reads macro files into `into`; problems become diagnostics. */
export function readMacroFiles(files: readonly DetectionFile[], into: Map<string, MacroDefinition>, diagnostics: Diagnostic[]): void {
  for (const file of files) {
    const ext = extname(file.path).toLowerCase();
    if (ext === '.yml' || ext === '.yaml') {
      const counter = new LineCounter();
      const doc = parseDocument(file.text, { lineCounter: counter, prettyErrors: false });
      if (doc.errors.length > 0) {
        diagnostics.push(diag(file, doc.errors[0]!.pos[0], `invalid yaml: ${doc.errors[0]!.message.split('\n')[0]}`));
        continue;
      }
      const root = doc.contents;
      const get = (k: string): unknown => (isMap(root) ? root.get(k, true) : undefined);
      const name = get('name');
      const definition = get('definition');
      const args = get('arguments');
      if (!isScalar(name) || typeof name.value !== 'string' || !isScalar(definition)) {
        diagnostics.push(diag(file, 0, 'a macro YAML file needs string keys name and definition'));
        continue;
      }
      const list = isSeq(args) ? args.items.map((i) => (isScalar(i) ? String(i.value) : '')) : [];
      into.set(macroKey(name.value, list.length), { args: list, definition: String(definition.value) });
      continue;
    }
    const { stanzas, problems } = readConf(file.text);
    for (const p of problems) diagnostics.push(diag(file, p.offset, p.message));
    for (const s of stanzas) {
      const m = /^([^()\s]+)(?:\((\d+)\))?$/.exec(s.name);
      const def = setting(s, 'definition');
      if (m === null || def === undefined) {
        if (s.name !== 'default') diagnostics.push(diag(file, s.offset, `macro stanza [${s.name}] needs a name and a definition`));
        continue;
      }
      const n = m[2] === undefined ? 0 : Number(m[2]);
      const argsText = setting(s, 'args')?.value ?? '';
      const args = argsText.trim() === '' ? [] : argsText.split(',').map((a) => a.trim());
      if (args.length !== n) {
        diagnostics.push(diag(file, s.offset, `macro [${s.name}] declares ${n} argument(s) but args names ${args.length}`));
        continue;
      }
      into.set(macroKey(m[1]!, n), { args, definition: def.value });
    }
  }
}

/** Reads props files; problems become diagnostics. */
export function readPropsFiles(files: readonly DetectionFile[], diagnostics: Diagnostic[]): PropsLayer {
  const aliases: { from: string; to: string; asNew: boolean }[] = [];
  const evals: { field: string; expr: EvalNode }[] = [];
  for (const file of files) {
    const { stanzas, problems } = readConf(file.text);
    for (const p of problems) diagnostics.push(diag(file, p.offset, p.message));
    for (const s of stanzas) {
      if (s.name !== 'aws:cloudtrail') {
        diagnostics.push({ ...diag(file, s.offset, `stanza [${s.name}] ignored: only [aws:cloudtrail] applies to replayed records`), severity: 'warning' });
        continue;
      }
      for (const set of s.settings) {
        if (/^FIELDALIAS-/i.test(set.key)) {
          const words = set.value.split(/\s+/).filter((w) => w !== '');
          for (let i = 0; i < words.length; i += 3) {
            const op = words[i + 1]?.toUpperCase();
            if ((op !== 'AS' && op !== 'ASNEW') || words[i + 2] === undefined) {
              diagnostics.push(diag(file, set.offsets[0] ?? set.keyOffset, `${set.key}: expected 'field AS alias'`));
              break;
            }
            aliases.push({ from: words[i]!.replace(/^"|"$/g, ''), to: words[i + 2]!.replace(/^"|"$/g, ''), asNew: op === 'ASNEW' });
          }
        } else if (/^EVAL-/i.test(set.key)) {
          try {
            const p = parseEvalExpression(set.value);
            checkFunctions(p.expr);
            evals.push({ field: set.key.slice(5), expr: p.expr });
          } catch (e) {
            if (!(e instanceof SplError)) throw e;
            diagnostics.push(diag(file, set.offsets[e.offset] ?? set.keyOffset, `${set.key}: ${e.message}`));
          }
        } else {
          diagnostics.push({ ...diag(file, set.keyOffset, `setting ${set.key} ignored: only FIELDALIAS- and EVAL- are read`), severity: 'warning' });
        }
      }
    }
  }
  return { aliases, evals };
}
