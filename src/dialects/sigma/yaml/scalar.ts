/**
 * Scalar typing: how an unquoted YAML scalar becomes a string, number, boolean or null.
 *
 * The decision (docs/sigma.md "YAML version"): YAML 1.2 core-schema resolution, which the Sigma
 * specification links (sigma-rules-specification.md "Yaml File"), with two exceptions that keep the
 * type the author meant where 1.2 would destroy information:
 *   - integers written with leading zeros (`012345678901`, `00000429`) stay strings — 1.2 would drop
 *     the zeros, and these are account ids or registry values, never numbers;
 *   - integers with more than 15 digits stay strings — a JavaScript number cannot hold them exactly.
 * Numbers keep their source text, so `0x17` or `1.10` still equal a record string written the same way.
 * `yes`/`no`/`on`/`off` are strings (1.2), so `MFAUsed: No` compares with CloudTrail's `"No"`. Where
 * YAML 1.1 (PyYAML, hence pySigma) would read a plain scalar differently, `yaml11Reading` says how, and
 * the loader warns.
 */

/** A resolved scalar. Numbers carry the text they were written with. */
export type ScalarValue =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'number'; readonly value: number; readonly text: string }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'null' };

const NULL: ScalarValue = { type: 'null' };
const TRUE: ScalarValue = { type: 'boolean', value: true };
const FALSE: ScalarValue = { type: 'boolean', value: false };

const DECIMAL_INT = /^[-+]?[0-9]+$/;
const OCTAL_INT = /^0o[0-7]+$/;
const HEX_INT = /^0x[0-9a-fA-F]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const INF = /^[-+]?\.(?:inf|Inf|INF)$/;
const NAN = /^\.(?:nan|NaN|NAN)$/;

/** Resolves the source text of a plain (unquoted, untagged) scalar. */
export function resolvePlain(text: string): ScalarValue {
  switch (text) {
    case '':
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return NULL;
    case 'true':
    case 'True':
    case 'TRUE':
      return TRUE;
    case 'false':
    case 'False':
    case 'FALSE':
      return FALSE;
  }
  const c = text.charCodeAt(0);
  // Only texts starting with a digit, sign or dot can be numbers; skip the regexes for the rest.
  if (!((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46)) return { type: 'string', value: text };
  if (DECIMAL_INT.test(text)) {
    const digits = text.charCodeAt(0) === 43 || text.charCodeAt(0) === 45 ? text.slice(1) : text;
    if ((digits.length > 1 && digits.charCodeAt(0) === 48) || digits.length > 15) return { type: 'string', value: text };
    return { type: 'number', value: Number(text), text };
  }
  if (OCTAL_INT.test(text)) return { type: 'number', value: parseInt(text.slice(2), 8), text };
  if (HEX_INT.test(text)) return { type: 'number', value: parseInt(text.slice(2), 16), text };
  if (FLOAT.test(text)) {
    const unsigned = text.charCodeAt(0) === 43 || text.charCodeAt(0) === 45 ? text.slice(1) : text;
    // `01.5`: a leading zero before more digits is not how anyone writes a number.
    if (unsigned.length > 1 && unsigned.charCodeAt(0) === 48 && unsigned.charCodeAt(1) >= 48 && unsigned.charCodeAt(1) <= 57) {
      return { type: 'string', value: text };
    }
    return { type: 'number', value: Number(text), text };
  }
  if (INF.test(text)) return { type: 'number', value: text.charCodeAt(0) === 45 ? -Infinity : Infinity, text };
  if (NAN.test(text)) return { type: 'number', value: NaN, text };
  return { type: 'string', value: text };
}

const YAML11_BOOL = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;
const YAML11_OCTAL = /^[-+]?0[0-7]+$/;
const YAML11_BINARY = /^[-+]?0b[01_]+$/;
const YAML11_SEXAGESIMAL = /^[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const YAML11_UNDERSCORE_NUMBER = /^[-+]?[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?$/;
const YAML11_DATE = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}.*)?$/;
const YAML11_EXP_NO_DOT = /^[-+]?[0-9]+[eE][-+]?[0-9]+$/;

/**
 * How YAML 1.1 (PyYAML, used by pySigma) would read a plain scalar, when that differs from
 * `resolvePlain`; null when both agree. Checked against the table in the reference notes
 * (shared notes "sigma.md" §2, "YAML version").
 */
export function yaml11Reading(text: string): string | null {
  if (YAML11_BOOL.test(text)) {
    const truthy = /^(?:y|yes|on)$/i.test(text);
    return `boolean ${truthy ? 'true' : 'false'}`;
  }
  if (YAML11_OCTAL.test(text)) return `the octal number ${parseInt(text, 8)}`;
  if (YAML11_BINARY.test(text)) return 'a binary number';
  if (YAML11_SEXAGESIMAL.test(text)) return 'a base-60 number';
  if (YAML11_UNDERSCORE_NUMBER.test(text)) return 'a number (underscores are digit separators in YAML 1.1)';
  if (YAML11_DATE.test(text)) return 'a date';
  if (YAML11_EXP_NO_DOT.test(text)) return 'a string (YAML 1.1 floats need a dot)';
  return null;
}
