// Tiny argv reader shared by the bench scripts: `--name value` pairs and bare `--flag`s.

/**
 * Parses `--key value` and `--flag` arguments.
 * @param {string[]} argv
 * @param {readonly string[]} flags names that take no value
 * @returns {Record<string, string | true>}
 */
export function parseArgs(argv, flags = []) {
  /** @type {Record<string, string | true>} */
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument "${a}" (expected --name)`);
    const name = a.slice(2);
    if (flags.includes(name)) out[name] = true;
    else {
      const v = argv[i + 1];
      if (v === undefined) throw new Error(`--${name} needs a value`);
      out[name] = v;
      i++;
    }
  }
  return out;
}
