/**
 * Listing: walks the CloudTrail layout folder by folder with delimiter listings, so that only the folders
 * the selection needs are listed, then lists the day folders' keys page by page.
 *
 * Memory stays bounded: child folder names of one level are held at a time (accounts, regions, years,
 * months, days), keys are yielded one page at a time.
 */
import { ListObjectsV2Command, type ListObjectsV2CommandOutput } from '@aws-sdk/client-s3';
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

/** One page of a listing: keys and, with a delimiter, child folder prefixes. */
interface ListingPage {
  readonly keys: readonly ListedKey[];
  readonly prefixes: readonly string[];
}

/**
 * Yields every key the location and plan select, in key order within each folder and folders in key
 * order (the order S3 lists them).
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
  let found = false;
  for await (const listed of walkTree(context, start.node, plan, () => (found = true))) yield listed;
  // Above the layout and no `AWSLogs/` folder: not a trail prefix; read what is there, key by key.
  if (start.base && !found) yield* listFlat(context, location.prefix, plan);
}

/** Depth-first walk from `root`; `onContent` is called when the root folder turns out non-empty. */
async function* walkTree(
  context: S3Context,
  root: LayoutNode,
  plan: LayoutPlan,
  onContent: () => void,
): AsyncGenerator<ListedKey> {
  const stack: LayoutNode[] = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node.level === 'files') {
      for await (const page of listPages(context, node.prefix, null)) {
        if (page.keys.length > 0) onContent();
        for (const listed of page.keys) if (!listed.key.endsWith('/')) yield listed;
      }
      continue;
    }
    const children = await childNodes(context, node, plan);
    if (node === root && children.listed) onContent();
    // Reversed onto the stack so that children are visited in key order.
    for (let i = children.nodes.length - 1; i >= 0; i--) stack.push(children.nodes[i] as LayoutNode);
  }
}

/** The children of a folder to visit, named by the plan or discovered with a delimiter listing. */
async function childNodes(
  context: S3Context,
  node: LayoutNode,
  plan: LayoutPlan,
): Promise<{ nodes: LayoutNode[]; listed: boolean }> {
  const nodes: LayoutNode[] = [];
  const direct = plan.directChildren(node);
  if (direct !== null) {
    for (const segment of direct) {
      const child = plan.admit(node, segment);
      if (typeof child !== 'string') nodes.push(child);
    }
    return { nodes, listed: true };
  }
  let listed = false;
  for await (const page of listPages(context, node.prefix, '/')) {
    if (page.keys.length > 0 || page.prefixes.length > 0) listed = true;
    for (const prefix of page.prefixes) {
      const child = plan.admit(node, prefix.slice(node.prefix.length, -1));
      if (typeof child !== 'string') nodes.push(child);
    }
  }
  return { nodes, listed };
}

/** Every key under a prefix, filtered key by key (for locations outside the layout). */
async function* listFlat(context: S3Context, prefix: string, plan: LayoutPlan): AsyncGenerator<ListedKey> {
  for await (const page of listPages(context, prefix, null)) {
    for (const listed of page.keys) {
      if (!listed.key.endsWith('/') && plan.keepsKey(listed.key)) yield listed;
    }
  }
}

/** ListObjectsV2 pages under a prefix, following continuation tokens; each page retried on its own. */
async function* listPages(context: S3Context, prefix: string, delimiter: '/' | null): AsyncGenerator<ListingPage> {
  const uri = s3Uri(context.bucket, prefix);
  let token: string | undefined;
  do {
    const output: ListObjectsV2CommandOutput = await withRetries(context, uri, 'listing', (attempt) => {
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
    yield { keys, prefixes };
    token = output.IsTruncated === true ? output.NextContinuationToken : undefined;
  } while (token !== undefined);
}
