/**
 * CIDR networks for the `cidr` modifier (modifiers appendix "IP (Internet Protocol) Modifiers":
 * IPv4 and IPv6). Parsing is strict like pySigma's (`ipaddress.ip_network(strict=True)`): a network
 * with host bits set (`10.0.0.1/8`) is an error, not silently masked.
 *
 * Record values are parsed per comparison into a reused scratch array: no allocation per record.
 * An IPv4 network matches dotted-quad values only; an IPv6 network matches IPv6 values (including
 * `::ffff:a.b.c.d` forms). Values that are not addresses (CloudTrail's `AWS Internal`) never match.
 */

/** A parsed network: 8 sixteen-bit groups (IPv4 uses the last two) and a prefix length. */
export class Cidr {
  private constructor(
    readonly v6: boolean,
    private readonly groups: Uint16Array,
    readonly prefix: number,
  ) {}

  /** Parses `a.b.c.d/n` or `x:y::z/n` (a missing `/n` means a single host); returns an error message when invalid. */
  static parse(text: string): Cidr | string {
    const slash = text.indexOf('/');
    const addr = slash < 0 ? text : text.slice(0, slash);
    const v6 = addr.includes(':');
    const bits = v6 ? 128 : 32;
    let prefix = bits;
    if (slash >= 0) {
      const p = text.slice(slash + 1);
      if (!/^[0-9]{1,3}$/.test(p) || Number(p) > bits) return `invalid prefix length '/${p}' in '${text}'`;
      prefix = Number(p);
    }
    const groups = new Uint16Array(8);
    if (!(v6 ? parseV6(addr, groups) : parseV4(addr, groups))) return `'${addr}' is not an ${v6 ? 'IPv6' : 'IPv4'} address`;
    const offset = v6 ? 0 : 96;
    for (let bit = offset + prefix; bit < 128; bit++) {
      if ((groups[bit >> 4] as number) & (0x8000 >> (bit & 15))) {
        return `'${text}' has host bits set (the network address is required, as pySigma's strict parsing requires)`;
      }
    }
    return new Cidr(v6, groups, prefix);
  }

  /** True when `value` is an address of this family inside the network. */
  contains(value: string): boolean {
    const ok = this.v6 ? parseV6(value, scratch) : parseV4(value, scratch);
    if (!ok) return false;
    const offset = this.v6 ? 0 : 96;
    const end = offset + this.prefix;
    for (let bit = offset; bit < end; bit++) {
      const mask = 0x8000 >> (bit & 15);
      if (((scratch[bit >> 4] as number) & mask) !== ((this.groups[bit >> 4] as number) & mask)) return false;
    }
    return true;
  }
}

const scratch = new Uint16Array(8);
const groupsScratch = new Uint16Array(8);

/** Parses the dotted quad s[start, end) into out[at] and out[at + 1]. */
function parseV4(s: string, out: Uint16Array, start = 0, end = s.length, at = 6): boolean {
  let part = 0;
  let digits = 0;
  let value = 0;
  let hi = 0;
  for (let i = start; i <= end; i++) {
    const c = i < end ? s.charCodeAt(i) : 46; /* . */
    if (c >= 48 && c <= 57) {
      if (digits > 0 && value === 0) return false; // no leading zeros
      value = value * 10 + (c - 48);
      if (++digits > 3 || value > 255) return false;
    } else if (c === 46 /* . */) {
      if (digits === 0 || part > 3) return false;
      if (part === 0 || part === 2) hi = value;
      else out[at + (part >> 1)] = (hi << 8) | value;
      part++;
      value = 0;
      digits = 0;
    } else {
      return false;
    }
  }
  return part === 4;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Parses an IPv6 address (with `::` and an optional trailing dotted quad) into 8 groups. */
function parseV6(s: string, out: Uint16Array): boolean {
  const len = s.length;
  const tmp = groupsScratch;
  let n = 0;
  let gap = -1;
  let i = 0;
  if (len < 2) return false;
  if (s.charCodeAt(0) === 58 /* : */) {
    if (s.charCodeAt(1) !== 58) return false;
    gap = 0;
    i = 2;
  }
  while (i < len) {
    if (n === 8) return false;
    let v = 0;
    let digits = 0;
    let j = i;
    for (; j < len; j++) {
      const h = hexValue(s.charCodeAt(j));
      if (h < 0) break;
      v = v * 16 + h;
      if (++digits > 4) return false;
    }
    if (j < len && s.charCodeAt(j) === 46 /* . */) {
      if (n > 6 || !parseV4(s, tmp, i, len, n)) return false;
      n += 2;
      break;
    }
    if (digits === 0) return false;
    tmp[n++] = v;
    if (j === len) break;
    if (s.charCodeAt(j) !== 58 /* : */) return false;
    j++;
    if (j < len && s.charCodeAt(j) === 58) {
      if (gap >= 0) return false;
      gap = n;
      j++;
    } else if (j === len) {
      return false;
    }
    i = j;
  }
  if (gap < 0) {
    if (n !== 8) return false;
    out.set(tmp);
    return true;
  }
  if (n > 7) return false;
  out.fill(0);
  for (let k = 0; k < gap; k++) out[k] = tmp[k] as number;
  const tail = n - gap;
  for (let k = 0; k < tail; k++) out[8 - tail + k] = tmp[gap + k] as number;
  return true;
}
