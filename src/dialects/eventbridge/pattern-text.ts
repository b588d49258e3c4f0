/**
 * A pattern's JSON text, compact, from its parsed node: what `verify-pattern --aws` sends to
 * TestEventPattern for a pattern written as an object (CloudFormation style, or a bare pattern file).
 * Keys stay in order with their duplicates (the last one wins at AWS too, digest P31) and numbers keep
 * their source text (P36), so AWS sees the pattern as written, not as `JSON.parse` would rebuild it.
 */
import type { JsonNode } from './json-text.js';

export function patternText(node: JsonNode): string {
  switch (node.kind) {
    case 'object':
      return `{${node.entries.map((e) => `${JSON.stringify(e.key)}:${patternText(e.value)}`).join(',')}}`;
    case 'array':
      return `[${node.items.map(patternText).join(',')}]`;
    case 'string':
      return JSON.stringify(node.value);
    case 'number':
      return node.text;
    case 'boolean':
      return String(node.value);
    case 'null':
      return 'null';
  }
}
