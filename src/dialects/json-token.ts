/**
 * For prefilter literals (the contract in types.ts): whether a field whose value reads `text` must hold
 * it as a JSON string token (`"Root"`), or may hold it bare, as a JSON number, `true`, `false` or `null`.
 */

/** Characters a JSON number, `true`, `false` or `null` can be written with. */
const NON_STRING = /^(?:[0-9.eE+-]*|true|false|null)$/;

/** True when no JSON number, boolean or null is written as `text`: only a string token holds it. */
export function onlyAsString(text: string): boolean {
  return !NON_STRING.test(text);
}
