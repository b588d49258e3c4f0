// Shared by the in-process scenario scripts: argument handling, the CIS condition, and the result line.
//
// Every scenario prints exactly one JSON line on stdout:
//   {"records": n, "bytes": uncompressedBytes, "seconds": s, "files": n, "subset": bool, ...extra}
// `seconds` is measured inside the process around the work only (no Node start-up, no imports).

import { parseArgs } from './args.js';
import { corpusFiles, readTruth } from './corpus.js';

/**
 * Reads `--corpus DIR --truth FILE [--subset FRACTION]` and returns the files to process.
 * With --subset, takes the first files (in path order) until that fraction of the bytes is reached.
 */
export function scenarioInput(argv = process.argv.slice(2)) {
  const args = parseArgs(argv);
  if (typeof args.corpus !== 'string' || typeof args.truth !== 'string') {
    throw new Error('usage: node bench/<scenario>.js --corpus DIR --truth FILE [--subset FRACTION]');
  }
  const all = corpusFiles(args.corpus, args.truth);
  const fraction = typeof args.subset === 'string' ? Number(args.subset) : 1;
  let files = all;
  if (fraction < 1) {
    const total = all.reduce((n, f) => n + f.bytesUncompressed, 0);
    files = [];
    let bytes = 0;
    for (const f of all) {
      if (bytes >= total * fraction) break;
      files.push(f);
      bytes += f.bytesUncompressed;
    }
  }
  return { args, files, subset: fraction < 1, truth: readTruth(args.truth) };
}

/**
 * The CIS 3.3 / 4.3 root-usage condition, as the metric filter states it:
 * { $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }
 * @param {any} r a parsed CloudTrail record
 */
export function cisRootUsage(r) {
  const id = r.userIdentity;
  return id !== undefined && id !== null && id.type === 'Root' && id.invokedBy === undefined && r.eventType !== 'AwsServiceEvent';
}

/**
 * Prints the result line.
 * @param {Record<string, unknown>} result
 */
export function report(result) {
  process.stdout.write(JSON.stringify(result) + '\n');
}
