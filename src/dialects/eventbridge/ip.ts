/**
 * IPv4 and IPv6 addresses as numbers, for `cidr` (digest P22): IPv6 compares the address, not its text,
 * so `2001:0db8::1` and `2001:db8::1` are the same address. A string that is not an address is null.
 */
import type { CidrRange } from './model.js';

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function v4(text: string): bigint | null {
  const m = V4.exec(text);
  if (m === null) return null;
  let n = 0n;
  for (const part of m.slice(1)) {
    const octet = Number(part);
    if (octet > 255 || (part.length > 1 && part.startsWith('0'))) return null;
    n = (n << 8n) | BigInt(octet);
  }
  return n;
}

function v6(text: string): bigint | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string): string[] | null => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (head === null || tail === null) return null;
  const words: number[] = [];
  const all = [...head, ...(halves.length === 2 ? ['::'] : []), ...tail];
  for (let i = 0; i < all.length; i++) {
    const g = all[i]!;
    if (g === '::') continue;
    if (i === all.length - 1 && g.includes('.')) {
      const embedded = v4(g);
      if (embedded === null) return null;
      words.push(Number(embedded >> 16n), Number(embedded & 0xffffn));
    } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) {
      words.push(parseInt(g, 16));
    } else {
      return null;
    }
  }
  const fill = 8 - words.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return null;
  const gap = halves.length === 2 ? head.length : words.length;
  const full = [...words.slice(0, gap), ...new Array<number>(fill).fill(0), ...words.slice(gap)];
  return full.reduce((n, w) => (n << 16n) | BigInt(w), 0n);
}

/** The address in `text`, or null when it is not an IPv4 or IPv6 address. */
export function parseAddress(text: string): { v6: boolean; value: bigint } | null {
  const a = v4(text);
  if (a !== null) return { v6: false, value: a };
  const b = text.includes(':') ? v6(text) : null;
  return b === null ? null : { v6: true, value: b };
}

/** The CIDR range of `text`, or the reason AWS gives for rejecting it. */
export function parseCidr(text: string): CidrRange | string {
  const parts = text.split('/');
  if (parts.length !== 2) return "Malformed CIDR, one '/' required";
  const address = parseAddress(parts[0]!);
  if (address === null) return `Nonstandard IP address: ${parts[0]}`;
  if (!/^\d+$/.test(parts[1]!)) return 'Malformed CIDR, mask bits must be an integer';
  const bits = Number(parts[1]);
  const width = address.v6 ? 128 : 32;
  if (bits > width) return 'Malformed CIDR, mask bits must be an integer';
  return { v6: address.v6, network: address.value >> BigInt(width - bits), bits };
}

/** True when `text` is an address inside `range`. */
export function inCidr(range: CidrRange, text: string): boolean {
  const address = parseAddress(text);
  if (address === null || address.v6 !== range.v6) return false;
  return address.value >> BigInt((range.v6 ? 128 : 32) - range.bits) === range.network;
}
