/**
 * Finds what to check under `<root>AWSLogs/`: the account folders (with or without an organization
 * ID level), the regions that hold digests or logs, and the digest and log keys of a time window,
 * listing only the day folders the window spans.
 */
import { baseName, dayFolders, isAccountId, parseDigestName, parseLogName, type DigestName, type LogName } from './layout.js';
import type { ObjectStore } from './object-store.js';

/** One account folder: `<root>AWSLogs/[o-id/]<account>/`. */
export interface AccountFolder {
  readonly prefix: string;
  readonly organization: string | null;
  readonly account: string;
}

/** A listed digest key with its parsed name. */
export interface ListedDigest {
  readonly key: string;
  readonly name: DigestName;
}

/** A listed log key with its parsed name. */
export interface ListedLog {
  readonly key: string;
  readonly name: LogName;
}

/** Account folders under `<root>AWSLogs/`, filtered to `accounts` when given. */
export async function findAccounts(store: ObjectStore, root: string, accounts: readonly string[] | undefined): Promise<AccountFolder[]> {
  const wanted = accounts !== undefined && accounts.length > 0 ? new Set(accounts) : null;
  const out: AccountFolder[] = [];
  const base = `${root}AWSLogs/`;
  for await (const folder of store.folders(base)) {
    const name = folder.slice(base.length, -1);
    if (isAccountId(name)) {
      if (wanted === null || wanted.has(name)) out.push({ prefix: folder, organization: null, account: name });
    } else if (name.startsWith('o-')) {
      for await (const inner of store.folders(folder)) {
        const account = inner.slice(folder.length, -1);
        if (isAccountId(account) && (wanted === null || wanted.has(account))) out.push({ prefix: inner, organization: name, account });
      }
    }
  }
  return out;
}

/** Regions with a `CloudTrail-Digest/` or `CloudTrail/` folder in the account, or `regions` when given. */
export async function findRegions(store: ObjectStore, account: AccountFolder, regions: readonly string[] | undefined): Promise<string[]> {
  if (regions !== undefined && regions.length > 0) return [...regions].sort();
  const found = new Set<string>();
  for (const kind of ['CloudTrail-Digest/', 'CloudTrail/']) {
    const base = account.prefix + kind;
    for await (const folder of store.folders(base)) found.add(folder.slice(base.length, -1));
  }
  return [...found].sort();
}

/** Digest keys of one account and region whose name time lies in `[start, end]` (epoch ms). */
export async function listDigests(store: ObjectStore, account: AccountFolder, region: string, start: number, end: number): Promise<ListedDigest[]> {
  const out: ListedDigest[] = [];
  for (const day of dayFolders(start, end)) {
    for await (const o of store.list(`${account.prefix}CloudTrail-Digest/${region}/${day}`)) {
      const name = parseDigestName(baseName(o.key));
      if (name !== null && name.end >= start && name.end <= end) out.push({ key: o.key, name });
    }
  }
  return out;
}

/** Log keys of one account and region whose name time lies in `[start, end]` (epoch ms). */
export async function listLogs(store: ObjectStore, account: AccountFolder, region: string, start: number, end: number): Promise<ListedLog[]> {
  const out: ListedLog[] = [];
  for (const day of dayFolders(start, end)) {
    for await (const o of store.list(`${account.prefix}CloudTrail/${region}/${day}`)) {
      const name = parseLogName(baseName(o.key));
      if (name !== null && name.time >= start && name.time <= end) out.push({ key: o.key, name });
    }
  }
  return out;
}
