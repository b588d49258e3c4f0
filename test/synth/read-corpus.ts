// Test helper: reads a generated corpus back (plain node:zlib + JSON.parse, independent of the engine).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { JsonObject } from '../../src/record/view.js';

export interface CorpusFile {
  /** Path relative to the corpus folder, POSIX separators. */
  path: string;
  raw: Buffer;
  text: string;
  records: JsonObject[];
}

export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

export function readCorpus(dir: string): CorpusFile[] {
  return listFiles(dir)
    .filter((p) => p.endsWith('.json.gz'))
    .map((p) => {
      const raw = readFileSync(p);
      const text = gunzipSync(raw).toString('utf8');
      const records = (JSON.parse(text) as { Records: JsonObject[] }).Records;
      return { path: relative(dir, p).split(sep).join('/'), raw, text, records };
    });
}

/** The top-level JSON texts of the Records array, split with a tiny string-aware scanner. */
export function recordTexts(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  const open = text.indexOf('[');
  for (let i = open + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 /* { */) {
      if (depth === 0) start = i;
      depth++;
    } else if (c === 125 /* } */) {
      depth--;
      if (depth === 0) out.push(text.slice(start, i + 1));
    }
  }
  return out;
}
