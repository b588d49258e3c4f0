/**
 * Listing: walks the CloudTrail layout folder by folder, so that only the folders the selection needs are
 * listed, then lists the day folders' keys page by page.
 *
 * Two stages. Discovery (`leafFolders`) goes depth-first through owners, accounts and regions with
 * delimiter listings, naming folders directly where the selection already names them (accounts under an
 * org id, regions, the days of a short window), and yields day folders in key order. Key listing
 * (`walkTree`) then lists up to `listAhead` day folders at once, yielding keys in folder order.
 *
 * Memory stays bounded: child folder names of one level at a time, and one page of keys (at most 1,000)
 * per day folder being listed ahead.
 */
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { ObjectSkipReason } from '../types.js';
import { withRetries, type S3Context } from './context.js';
import { locatePrefix, skipReasonForKey, type LayoutNode, type LayoutPlan } from './layout.js';
import { s3Uri, type S3Location } from './location.js';

/** A key found by the walk, with what the listing said about it. */
export interface ListedKey {
  readonly key: string;
  readonly size: number | null;
  /** The listing's ETag (quoted, as S3 returns it), when present. */
  readonly etag: string | null;
  readonly skip: ObjectSkipReason | undefined;
}

/** One page of a listing: keys and, with a delimiter, child folder prefixes, and the next page's token. */
interface ListingPage {
  readonly keys: readonly ListedKey[];
  readonly prefixes: readonly string[];
  readonly next: string | undefined;
}

/**
 * Yields every key the location and plan select, folders in key order and keys in key order within each
 * folder (the order S3 lists them).
 */
export async function* walkLocation(context: S3Context, location: S3Location, plan: LayoutPlan): AsyncGenerator<ListedKey> {
  if (location.singleKey) {
    for await (const page of listPages(context, location.prefix, null)) {
      for (const listed of page.keys) if (listed.key === location.prefix) yield listed;
    }
    return;
  }
  const start = locatePrefix(location.prefix, plan);
  if (start.node === 'pruned') return;
  if (start.node === 'foreign') {
    yield* listFlat(context, location.prefix, plan);
    return;
  }
  const found = { content: false };
  yield* walkTree(context, leafFolders(context, start.node, plan, found));
  // Above the layout and no `AWSLogs/` folder: not a trail prefix; read what is there, key by key.
  if (start.base && !found.content) yield* listFlat(context, location.prefix, plan);
}

/**
 * Day folders under `root`, depth-first in key order. `found.content` is set when the root folder turns
 * out to hold anything.
 */
async function* leafFolders(
  context: S3Context,
  root: LayoutNode,
  plan: LayoutPlan,
  found: { content: boolean },
): AsyncGenerator<LayoutNode> {
  const stack: LayoutNode[] = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node.level === 'files') {
      found.content = true;
      yield node;
      continue;
    }
    const children = plan.dayFolders(node) ?? (await childNodes(context, node, plan, node === root ? found : null));
    if (children.length > 0) found.content = true;
    // Reversed onto the stack so that children are visited in key order.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as LayoutNode);
  }
}

/** The children of a folder to visit, named by the plan or discovered with a delimiter listing. */
async function childNodes(
  context: S3Context,
  node: LayoutNode,
  plan: LayoutPlan,
  found: { content: boolean } | null,
): Promise<LayoutNode[]> {
  const nodes: LayoutNode[] = [];
  const direct = plan.directChildren(node);
  if (direct !== null) {
    for (const segment of direct) {
      const child = plan.admit(node, segment);
      if (typeof child !== 'string') nodes.push(child);
    }
    return nodes;
  }
  for await (const page of listPages(context, node.prefix, '/')) {
    if (found !== null && (page.keys.length > 0 || page.prefixes.length > 0)) found.content = true;
    for (const prefix of page.prefixes) {
      const child = plan.admit(node, prefix.slice(node.prefix.length, -1));
      if (typeof child !== 'string') nodes.push(child);
    }
  }
  return nodes;
}

/** A day folder whose first page has been requested ahead of the consumer. */
interface PendingFolder {
  readonly prefix: string;
  readonly first: Promise<ListingPage>;
}

/** The keys of each day folder in order, the first pages of up to `listAhead` folders requested at once. */
async function* walkTree(context: S3Context, leaves: AsyncIterable<LayoutNode>): AsyncGenerator<ListedKey> {
  const iterator = leaves[Symbol.asyncIterator]();
  const pending: PendingFolder[] = [];
  let exhausted = false;
  const refill = async (): Promise<void> => {
    while (!exhausted && pending.length < context.listAhead) {
      const next = await iterator.next();
      if (next.done === true) {
        exhausted = true;
        return;
      }
      const first = fetchPage(context, next.value.prefix, null, undefined);
      // Observed later by the consumer; this keeps an early failure from being reported as unhandled.
      first.catch(() => undefined);
      pending.push({ prefix: next.value.prefix, first });
    }
  };
  try {
    for (await refill(); pending.length > 0; await refill()) {
      const folder = pending.shift() as PendingFolder;
      let page = await folder.first;
      for (;;) {
        for (const listed of page.keys) if (!listed.key.endsWith('/')) yield listed;
        if (page.next === undefined) break;
        page = await fetchPage(context, folder.prefix, null, page.next);
      }
    }
  } finally {
    await iterator.return?.();
  }
}

/** Every key under a prefix, filtered key by key (for locations outside the layout). */
async function* listFlat(context: S3Context, prefix: string, plan: LayoutPlan): AsyncGenerator<ListedKey> {
  for await (const page of listPages(context, prefix, null)) {
    for (const listed of page.keys) {
      if (!listed.key.endsWith('/') && plan.keepsKey(listed.key)) yield listed;
    }
  }
}

/** ListObjectsV2 pages under a prefix, following continuation tokens. */
async function* listPages(context: S3Context, prefix: string, delimiter: '/' | null): AsyncGenerator<ListingPage> {
  let token: string | undefined;
  do {
    const page = await fetchPage(context, prefix, delimiter, token);
    yield page;
    token = page.next;
  } while (token !== undefined);
}

/** One ListObjectsV2 page, retried on its own (same continuation token) on transient failures. */
async function fetchPage(
  context: S3Context,
  prefix: string,
  delimiter: '/' | null,
  token: string | undefined,
): Promise<ListingPage> {
  const output = await withRetries(context, s3Uri(context.bucket, prefix), 'listing', (attempt) => {
    context.stats.listRequests++;
    context.trace?.({ type: 'list', prefix, delimiter, attempt });
    return context.client.send(
      new ListObjectsV2Command({
        Bucket: context.bucket,
        Prefix: prefix,
        Delimiter: delimiter ?? undefined,
        ContinuationToken: token,
        MaxKeys: context.pageSize,
      }),
    );
  });
  const keys: ListedKey[] = [];
  for (const item of output.Contents ?? []) {
    if (item.Key === undefined) continue;
    keys.push({ key: item.Key, size: item.Size ?? null, etag: item.ETag ?? null, skip: skipReasonForKey(item.Key) });
  }
  const prefixes: string[] = [];
  for (const common of output.CommonPrefixes ?? []) if (common.Prefix !== undefined) prefixes.push(common.Prefix);
  context.stats.keysListed += keys.length;
  context.stats.prefixesListed += prefixes.length;
  return { keys, prefixes, next: output.IsTruncated === true ? output.NextContinuationToken : undefined };
}
