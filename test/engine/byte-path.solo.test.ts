// The byte path (src/engine/bytes: the WebAssembly scanner splits a CloudTrail log file and flags the
// few records a prefilter or root literal could admit) has two plain twins: the text path with
// prefilters (`text`) and every record parsed (`off`). Whatever the input, the three prefilter modes,
// in-process and in worker threads, must give identical reports: over the repo fixtures and over a
// generated corpus mixing files the scanner reads with files it must leave to the text path.
//
// Record shapes follow the AWS documentation: "CloudTrail record contents"
// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html),
// "CloudTrail userIdentity element" (type "Root", exactly so cased:
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html),
// console sign-in events (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html)
// and AssumeRoot sessions (https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-track-privileged-tasks.html).
// Log files are `{"Records":[...]}`, gzip-compressed ("CloudTrail log file examples").
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import t from 'tap';
import { MOCKS_UNSUPPORTED } from '../helpers/mock-support.js';
import type { LoadedDetections } from '../../src/dialects/index.js';
import { evaluateBytes, scannerInput } from '../../src/engine/bytes/evaluate-bytes.js';
import { replay, type ReplayOptions } from '../../src/engine/replay.js';
import type { Report } from '../../src/report/model.js';
import { resolveSource } from '../../src/sources/index.js';
import { prng } from '../helpers/prng.js';
import { loadShippedDetections } from '../helpers/shipped-detections.js';

const now = new Date('2026-11-27T00:00:00Z');
const ACCOUNT = '555566667777';

type Rnd = () => number;
const int = (rnd: Rnd, n: number): number => Math.floor(rnd() * n);
const pick = <T>(rnd: Rnd, xs: readonly T[]): T => xs[int(rnd, xs.length)]!;
const hex = (rnd: Rnd, n: number): string => Array.from({ length: n }, () => '0123456789abcdef'[int(rnd, 16)]).join('');
const uuid = (rnd: Rnd): string => `${hex(rnd, 8)}-${hex(rnd, 4)}-4${hex(rnd, 3)}-a${hex(rnd, 3)}-${hex(rnd, 12)}`;

type Rec = Record<string, unknown>;

/** What the generator planted, by eventID. */
interface Planted {
  /** Root-identity records every mode must report (escaped ones included). */
  readonly root: Set<string>;
  /** Look-alikes (wrong case) that are not root. */
  readonly notRoot: Set<string>;
}

class Corpus {
  readonly planted: Planted = { root: new Set(), notRoot: new Set() };
  constructor(private readonly rnd: Rnd) {}

  private base(over: Rec): Rec {
    const rnd = this.rnd;
    return {
      eventVersion: '1.09',
      userIdentity: {
        type: 'IAMUser',
        principalId: `AIDA${hex(rnd, 16).toUpperCase()}`,
        arn: `arn:aws:iam::${ACCOUNT}:user/${pick(rnd, ['Anaya', 'Bo', 'Chidi', 'RootAuditor'])}`,
        accountId: ACCOUNT,
        userName: 'x',
      },
      eventTime: `2026-03-10T${String(int(rnd, 24)).padStart(2, '0')}:${String(int(rnd, 60)).padStart(2, '0')}:${String(int(rnd, 60)).padStart(2, '0')}Z`,
      eventSource: pick(rnd, ['ec2.amazonaws.com', 's3.amazonaws.com', 'iam.amazonaws.com', 'kms.amazonaws.com']),
      eventName: pick(rnd, ['DescribeInstances', 'GetObject', 'ListUsers', 'Decrypt', 'CreateRole']),
      awsRegion: pick(rnd, ['us-east-1', 'eu-west-1', 'ap-southeast-2']),
      sourceIPAddress: `198.51.100.${int(rnd, 255)}`,
      userAgent: pick(rnd, ['aws-cli/2.15.30 Python/3.11.8', 'Mozilla/5.0 (X11; Linux x86_64)', 'Boto3/1.34.0 "quoted" \\ agent', 'caf\u00e9 \u2603 \ud83d\ude80']),
      requestParameters: rnd() < 0.3 ? null : { bucketName: `bucket-${hex(rnd, 6)}`, key: `logs/${hex(rnd, int(rnd, 40))}`, list: [1, -2.5e3, true, null, { n: 'Root of tree' }] },
      responseElements: null,
      requestID: uuid(rnd),
      eventID: uuid(rnd),
      readOnly: rnd() < 0.5,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: ACCOUNT,
      eventCategory: 'Management',
      ...over,
    };
  }

  /** A record's compact text after `edit`, planted as root or as a look-alike. */
  private plant(rec: Rec, kind: 'root' | 'notRoot' | 'background', edit: (text: string) => string = (s) => s): string {
    const text = edit(JSON.stringify(rec));
    if (kind !== 'background') this.planted[kind].add(rec['eventID'] as string);
    return text;
  }

  private rootIdentity(): Rec {
    return { type: 'Root', principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT, accessKeyId: '' };
  }

  rootApiCall(): Rec {
    return this.base({ userIdentity: this.rootIdentity(), eventSource: 'iam.amazonaws.com', eventName: pick(this.rnd, ['CreateAccessKey', 'PutBucketPolicy', 'ListUsers']) });
  }

  rootConsoleLogin(): Rec {
    const ok = this.rnd() < 0.7;
    return this.base({
      userIdentity: this.rootIdentity(),
      eventSource: 'signin.amazonaws.com',
      eventName: 'ConsoleLogin',
      eventType: 'AwsConsoleSignIn',
      responseElements: { ConsoleLogin: ok ? 'Success' : 'Failure' },
      additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: this.rnd() < 0.5 ? 'Yes' : 'No' },
      ...(ok ? {} : { errorMessage: 'Failed authentication' }),
    });
  }

  private role(assumedRoot: boolean): Rec {
    const sessionContext: Rec = {
      sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLEROLE00001', arn: `arn:aws:iam::${ACCOUNT}:role/RootTaskOperator`, accountId: ACCOUNT, userName: 'RootTaskOperator' },
      attributes: { creationDate: '2026-03-10T00:00:00Z', mfaAuthenticated: 'false' },
    };
    if (assumedRoot) sessionContext['assumedRoot'] = 'true';
    return { type: 'AssumedRole', principalId: 'AROAEXAMPLEROLE00001:op', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/RootTaskOperator/op`, accountId: ACCOUNT, sessionContext };
  }

  assumeRootCall(): Rec {
    return this.base({
      userIdentity: this.role(false),
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRoot',
      requestParameters: { targetPrincipal: '888899990000', taskPolicyArn: { arn: 'arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy' } },
    });
  }

  assumedRootSession(): Rec {
    return this.base({ userIdentity: this.role(true), eventSource: 's3.amazonaws.com', eventName: 'DeleteBucketPolicy' });
  }

  /** One record of a random kind (mostly background). */
  record(): string {
    const rnd = this.rnd;
    const k = rnd();
    if (k < 0.015) return this.plant(this.rootApiCall(), 'root');
    if (k < 0.025) return this.plant(this.rootConsoleLogin(), 'root');
    if (k < 0.03) return this.plant(this.assumeRootCall(), 'root');
    if (k < 0.035) return this.plant(this.assumedRootSession(), 'root');
    // Root markers spelled with \u escapes: only the `\u` literal lets the byte path see them.
    if (k < 0.04) return this.plant(this.rootApiCall(), 'root', (s) => s.replace('"type":"Root"', pick(rnd, ['"type":"R\\u006fot"', '"type":"\\u0052\\u006f\\u006f\\u0074"'])));
    if (k < 0.043) return this.plant(this.assumeRootCall(), 'root', (s) => s.replace('"eventName":"AssumeRoot"', '"eventName":"Assume\\u0052oot"'));
    if (k < 0.046) return this.plant(this.assumedRootSession(), 'root', (s) => s.replace('"assumedRoot"', '"assumed\\u0052oot"'));
    // Case variants: not root (the type is "Root"), but the folded byte search must flag them.
    if (k < 0.055) return this.plant(this.rootApiCall(), 'notRoot', (s) => s.replace('"type":"Root"', pick(rnd, ['"type":"ROOT"', '"type":"root"', '"type":"rOOT"'])));
    if (k < 0.058) return this.plant(this.assumeRootCall(), 'notRoot', (s) => s.replace('"eventName":"AssumeRoot"', '"eventName":"ASSUMEROOT"'));
    return this.plant(this.base({}), 'background');
  }

  records(n: number): string[] {
    return Array.from({ length: n }, () => this.record());
  }

  /** Each root kind once (and a look-alike), so every file has something to find. */
  everyKind(): string[] {
    return [
      this.plant(this.rootApiCall(), 'root'),
      this.plant(this.rootConsoleLogin(), 'root'),
      this.plant(this.assumeRootCall(), 'root'),
      this.plant(this.assumedRootSession(), 'root'),
      this.plant(this.rootApiCall(), 'root', (s) => s.replace('"type":"Root"', '"type":"R\\u006fot"')),
      this.plant(this.rootApiCall(), 'notRoot', (s) => s.replace('"type":"Root"', '"type":"ROOT"')),
    ];
  }

  /** A background record with a given edit, not planted (it may be skipped). */
  background(edit: (text: string) => string): string {
    return edit(JSON.stringify(this.base({})));
  }

  /** A root record pretty-printed: whitespace inside it sends its file to the text path. */
  prettyRoot(): string {
    const rec = this.rootConsoleLogin();
    this.planted.root.add(rec['eventID'] as string);
    return JSON.stringify(rec, null, 2);
  }
}

const logFile = (records: readonly string[]): string => `{"Records":[${records.join(',')}]}`;
const gz = (data: string | Uint8Array): Buffer => gzipSync(typeof data === 'string' ? Buffer.from(data) : data);
const name = (i: number, tag: string): string => `${ACCOUNT}_CloudTrail_us-east-1_20260310T${String(i).padStart(4, '0')}Z_${tag}.json.gz`;

/** Files the byte scanner must read, and files it must leave to the text path (by name). */
interface Expectation {
  readonly bytePath: string[];
  readonly textPath: string[];
}

/** Writes the generated corpus under `dir`; returns what was planted and which path each file takes. */
function writeCorpus(dir: string, seed: number): { planted: Planted; expect: Expectation } {
  const c = new Corpus(prng(seed));
  const expect: Expectation = { bytePath: [], textPath: [] };
  const day = join(dir, 'AWSLogs', ACCOUNT, 'CloudTrail', 'us-east-1', '2026', '03', '10');
  mkdirSync(day, { recursive: true });
  const put = (file: string, data: Buffer, path: 'byte' | 'text' | null): void => {
    writeFileSync(join(day, file), data);
    if (path === 'byte') expect.bytePath.push(file);
    else if (path === 'text') expect.textPath.push(file);
  };
  let i = 0;
  // Clean files, as CloudTrail writes them.
  for (let f = 0; f < 6; f++) put(name(i++, `clean${f}`), gz(logFile([...c.everyKind(), ...c.records(250)])), 'byte');
  // Whitespace between records (not inside one), and an uncompressed file: still the byte path.
  const spacedBetween = [...c.everyKind(), ...c.records(40)];
  put(name(i++, 'newlines'), gz(`\r\n{"Records":[\r\n${spacedBetween.join(',\r\n  ')}\r\n]}\r\n`), 'byte');
  writeFileSync(join(day, `${ACCOUNT}_CloudTrail_us-east-1_20260310T0099Z_plain.json`), logFile([...c.everyKind(), ...c.records(30)]));
  expect.bytePath.push(`${ACCOUNT}_CloudTrail_us-east-1_20260310T0099Z_plain.json`);
  put(name(i++, 'empty'), gz('{"Records":[]}'), 'byte');
  // A root spelled with whitespace: detected as CloudTrail by decoding its head, then scanned as bytes.
  put(name(i++, 'spacedroot'), gz(` {\n  "Records" : [ ${[...c.everyKind(), ...c.records(20)].join(' , ')} ]\n}\n`), 'byte');
  // Insights events among records in a file named like a log file: each skipped, the others read, by
  // the scanner too.
  const insight = '{"eventVersion":"1.07","eventTime":"2026-03-10T01:00:00Z","awsRegion":"us-east-1","eventID":"i-1","eventType":"AwsCloudTrailInsight","recipientAccountId":"555566667777","sharedEventID":"s-1","insightDetails":{"state":"Start","eventSource":"iam.amazonaws.com","eventName":"ListUsers","insightType":"ApiCallRateInsight"},"eventCategory":"Insight"}';
  put(name(i++, 'insightcontent'), gz(logFile([...c.everyKind(), insight, ...c.records(20), insight, ...c.everyKind()])), 'byte');
  // Files the scanner gives up on, each with root events the text path must still find.
  const mixed = (): string[] => [...c.everyKind(), ...c.records(60)];
  put(name(i++, 'pretty'), gz(logFile([...mixed(), c.prettyRoot(), ...mixed()])), 'text');
  put(name(i++, 'badliteral'), gz(logFile([...mixed(), c.background((s) => s.replace(/"readOnly":(true|false)/, '"readOnly":tru')), ...mixed()])), 'text');
  put(name(i++, 'bom'), gz(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(logFile(mixed()))])), 'text');
  put(name(i++, 'keyafter'), gz(`{"Records":[${mixed().join(',')}],"Extra":{"a":[1,2]}}`), 'text');
  put(name(i++, 'keybefore'), gz(`{"Extra":null,"Records":[${mixed().join(',')}]}`), 'text');
  put(name(i++, 'number'), gz(logFile([...mixed(), '42', '"Root"', ...mixed()])), 'text');
  put(name(i++, 'nocomma'), gz(`{"Records":[${mixed().join(',')}${mixed().join(',')}]}`), 'text');
  put(name(i++, 'garbage'), gz(`${logFile(mixed())} trailing`), 'text');
  put(name(i++, 'deep'), gz(logFile([...mixed(), c.background((s) => s.replace('"responseElements":null', `"responseElements":${'['.repeat(1200)}${']'.repeat(1200)}`))])), 'text');
  // Damaged gzip: truncated, and corrupted in the middle (the decoder reports it; no byte path).
  // (Their records come from a corpus of their own: what the damage cuts off is not planted.)
  const whole = gz(logFile(new Corpus(prng(seed + 1)).records(200)));
  put(name(i++, 'truncated'), whole.subarray(0, Math.floor(whole.length * 0.6)), null);
  const corrupt = Buffer.from(whole);
  const middle = Math.floor(corrupt.length / 2);
  for (let k = middle; k < middle + 16; k++) corrupt[k] = corrupt[k]! ^ 0x5a;
  put(name(i++, 'corrupt'), corrupt, null);
  return { planted: c.planted, expect };
}

let detections: LoadedDetections | null = null;

async function run(locations: string[], extra: Partial<ReplayOptions>, replayFn: typeof replay = replay): Promise<Report> {
  detections ??= await loadShippedDetections();
  return replayFn({ locations, resolveSource: (l) => resolveSource(l, {}), detections, version: 'test', now, ...extra });
}

const MODES = [
  ['on', 0],
  ['text', 0],
  ['on', 2],
  ['text', 2],
  ['off', 2],
] as const;

t.test('all prefilter modes and worker counts give one report', async (t) => {
  const dir = t.testdir();
  const { planted } = writeCorpus(dir, 97);
  // One replay over everything: worker start-up dominates the cost of a run.
  const locations = ['fixtures/AWSLogs', 'fixtures/formats', 'fixtures/bad', dir];
  const plain = await run(locations, { prefilter: 'off', workers: 0 });
  for (const [prefilter, workers] of MODES) {
    t.same(await run(locations, { prefilter, workers }), plain, `prefilter ${prefilter}, ${workers} workers`);
  }

  // The reports are about something.
  const ids = new Set(plain.rootEvents.map((e) => e.eventID));
  t.ok(planted.root.size > 60, `${planted.root.size} root events planted`);
  t.same([...planted.root].filter((id) => !ids.has(id)), [], 'every planted root event is reported (escaped ones included)');
  t.ok(planted.notRoot.size > 10, `${planted.notRoot.size} case look-alikes planted`);
  t.same([...planted.notRoot].filter((id) => ids.has(id)), [], 'no case look-alike is reported as root');
  t.ok(plain.rootEvents.some((e) => e.source.uri.startsWith('fixtures')), 'the fixtures have root events too');
  t.ok(plain.stats.records.skipped > 0, `records skipped: ${JSON.stringify(plain.stats.skipped)}`);
  t.ok((plain.stats.skipped['malformed-json'] ?? 0) > 0 && (plain.stats.skipped['not-an-object'] ?? 0) > 0, 'malformed and not-an-object records among them');
  const erroredGenerated = plain.stats.errors.filter((e) => e.file.startsWith(dir)).map((e) => basename(e.file));
  for (const tag of ['truncated', 'corrupt', 'nocomma', 'garbage']) t.ok(erroredGenerated.some((f) => f.includes(`_${tag}.`)), `an error for the ${tag} file`);
  t.ok(plain.detections.some((d) => d.caught.length > 0), 'some detection caught something');
});

t.test('the byte path is taken for clean files and given up for the others', { skip: MOCKS_UNSUPPORTED }, async (t) => {
  const dir = t.testdir();
  const { expect } = writeCorpus(dir, 98);
  const outcomes = new Map<string, boolean>();
  // evaluate-object.ts calls evaluateBytes for each file it reads whole; a mock around it (loaded into
  // a replay module of its own) records which files the scanner took and which it gave up on.
  // Mocked modules are named by their .ts files: the test loader (tsx) resolves `.js` imports to them.
  const evaluateObject = await t.mockImport<typeof import('../../src/engine/evaluate-object.js')>('../../src/engine/evaluate-object.ts', {
    '../../src/engine/bytes/evaluate-bytes.ts': {
      scannerInput,
      evaluateBytes: (...args: Parameters<typeof evaluateBytes>): boolean => {
        const taken = evaluateBytes(...args);
        outcomes.set(basename(args[0].result.uri), taken);
        return taken;
      },
    },
  });
  const { replay: spied } = await t.mockImport<typeof import('../../src/engine/replay.js')>('../../src/engine/replay.ts', {
    '../../src/engine/evaluate-object.ts': evaluateObject,
  });
  const fast = await run([dir], { prefilter: 'on', workers: 0 }, spied);
  t.same(
    [...outcomes].filter(([, taken]) => taken).map(([f]) => f).sort(),
    [...expect.bytePath].sort(),
    'the scanner read the clean files',
  );
  t.same(
    [...outcomes].filter(([, taken]) => !taken).map(([f]) => f).sort(),
    [...expect.textPath].sort(),
    'and left the others to the text path',
  );
  t.same(fast, await run([dir], { prefilter: 'off', workers: 0 }), 'same report as the plain path');
  t.equal(fast.stats.files.skipped['cloudtrail-insight'], undefined, 'no file is skipped for the Insights events it holds');
  t.equal(fast.stats.skipped['cloudtrail-insight'], 2, 'they are skipped one by one');
  outcomes.clear();
  await run([dir], { prefilter: 'text', workers: 0 }, spied);
  t.equal(outcomes.size, 0, "prefilter 'text' never uses the byte path");
});

t.test('a forced cloudtrail format on a file without Records', async (t) => {
  // `--format cloudtrail` skips detection, so the scanner sees a root `{}`: the text path reports
  // 'no "Records" array found in the file' for it; the byte path must give up and let it.
  const dir = t.testdir({
    'empty-root.json': '{}',
    'ok.json': logFile([JSON.stringify({ eventVersion: '1.09', eventTime: '2026-03-10T00:00:00Z', eventSource: 'iam.amazonaws.com', eventName: 'ListUsers', eventID: 'e1' })]),
  });
  const plain = await run([dir], { prefilter: 'off', workers: 0, format: 'cloudtrail' });
  t.equal(plain.stats.errors.length, 1, 'the text path reports the file');
  t.same(await run([dir], { prefilter: 'text', workers: 0, format: 'cloudtrail' }), plain, "prefilter 'text'");
  t.same(await run([dir], { prefilter: 'on', workers: 0, format: 'cloudtrail' }), plain, "prefilter 'on'");
});

// Record filters on the byte path: the scanner finds each record's top-level eventTime, awsRegion and
// recipientAccountId, and the filters must select exactly what the text path's field reader
// (src/engine/fields.ts: the last value of a repeated key counts, as with JSON.parse, and is read
// only when it is a string; keys are compared decoded) and its fall-back parse (no account:
// userIdentity.accountId) select.
t.test('record filters select the same records on every path', async (t) => {
  const rnd = prng(4711);
  const day = (h: number, m = 0): string => `2026-03-10T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00Z`;
  const record = (fields: string, root = false): string => {
    // A padding member of random length first, so the top-level keys land at every offset of the
    // scanner's 64-byte blocks (keys that straddle a block edge included).
    const pad = `"eventVersion":"1.0${'9'.repeat(int(rnd, 70))}"`;
    const identity = root
      ? `{"type":"Root","principalId":"${ACCOUNT}","arn":"arn:aws:iam::${ACCOUNT}:root","accountId":"${ACCOUNT}"}`
      : `{"type":"IAMUser","principalId":"AIDA${hex(rnd, 16)}","accountId":"${ACCOUNT}","userName":"u"}`;
    return `{${pad},"userIdentity":${identity},"eventSource":"iam.amazonaws.com","eventName":"ListUsers","eventID":"${uuid(rnd)}","eventType":"AwsApiCall",${fields}}`;
  };
  const variants = (h: number): string[] => [
    `"eventTime":"${day(h)}","awsRegion":"us-east-1","recipientAccountId":"${ACCOUNT}"`,
    `"eventTime":"${day(h, 30)}","awsRegion":"eu-west-1","recipientAccountId":"111122223333"`,
    // Escaped key and escaped value: the text path decodes both.
    `"event\\u0054ime":"${day(h, 5)}","awsRegion":"us-east-1","recipientAccountId":"${ACCOUNT}"`,
    `"eventTime":"${day(h, 6).replace('Z', '\\u005a')}","aws\\u0052egion":"eu-west-1","recipientAccountId":"${ACCOUNT}"`,
    // Repeated keys: the last value counts; a later non-string value leaves none.
    `"eventTime":"${day(h)}","eventTime":"${day((h + 12) % 24)}","awsRegion":"us-east-1","recipientAccountId":"${ACCOUNT}"`,
    `"eventTime":"${day(h)}","eventTime":17,"awsRegion":"us-east-1","awsRegion":null,"recipientAccountId":"${ACCOUNT}"`,
    // Missing or odd values.
    `"eventTime":"not a time","awsRegion":"us-east-1","recipientAccountId":"${ACCOUNT}"`,
    `"eventTime":"${day(h)}","awsRegion":5,"recipientAccountId":"${ACCOUNT}"`,
    `"eventTime":"${day(h)}","awsRegion":"us-east-1"`,
    `"eventTime":"${day(h)}","awsRegion":"us-east-1","recipientAccountId":""`,
    `"requestParameters":{"eventTime":"${day(h)}","awsRegion":"us-east-1"},"recipientAccountId":"${ACCOUNT}"`,
    `"eventTimeX":"${day(h)}","eventtime":"${day(h)}","awsRegion":"us-east-1","recipientAccountId":"${ACCOUNT}"`,
    `"eventTime":"${day(h)}","awsRegion":"\u00e9u-west-1","recipientAccountId":"${ACCOUNT}"`,
  ];
  const dir = t.testdir();
  const folder = join(dir, 'AWSLogs', ACCOUNT, 'CloudTrail', 'us-east-1', '2026', '03', '10');
  mkdirSync(folder, { recursive: true });
  let planted = 0;
  for (let f = 0; f < 4; f++) {
    const records: string[] = [];
    for (let h = 0; h < 24; h++) {
      for (const v of variants(h)) {
        const root = rnd() < 0.3;
        if (root) planted++;
        records.push(record(v, root));
      }
    }
    writeFileSync(join(folder, name(f, `fields${f}`)), gz(logFile(records)));
  }
  const filters: ReplayOptions['filter'][] = [
    { since: new Date(day(6)), until: new Date(day(18)) },
    { regions: ['us-east-1'] },
    { accounts: [ACCOUNT] },
    { since: new Date(day(3)), until: new Date(day(21)), regions: ['eu-west-1', 'us-east-1'], accounts: ['111122223333', ACCOUNT] },
  ];
  t.ok(planted > 50, `${planted} root records planted`);
  for (const filter of filters) {
    const label = JSON.stringify(filter);
    const plain = await run([dir], { prefilter: 'off', workers: 0, filter });
    t.same(await run([dir], { prefilter: 'on', workers: 0, filter }), plain, `${label}: byte path = plain path`);
    t.same(await run([dir], { prefilter: 'text', workers: 0, filter }), plain, `${label}: text path = plain path`);
    t.ok(plain.stats.records.filtered > 0 && plain.stats.records.evaluated > 0, `${label}: some records in, some out (${plain.stats.records.evaluated}/${plain.stats.records.filtered})`);
    t.ok(plain.rootEvents.length > 0, `${label}: root events found`);
  }
});

// Issue 11 item 1: a file is an Insights file by its place, never by a substring of its records. In a
// log file, each Insights event (top-level eventCategory "Insight" or eventType "AwsCloudTrailInsight",
// "CloudTrail Insights events": https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-insights-events-with-cloudtrail.html)
// is skipped on its own; a record that merely holds that text (a Lambda TagResource whose tag value
// is `"eventType":"AwsCloudTrailInsight"`) is evaluated, and the root sign-ins around them are found.
t.test('Insights events among records are skipped one by one, never the file', async (t) => {
  const signIn = (id: string, time: string): string =>
    JSON.stringify({ eventVersion: '1.08', userIdentity: { type: 'Root', principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT }, eventTime: time, eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', awsRegion: 'us-east-1', sourceIPAddress: '198.51.100.7', userAgent: 'Mozilla/5.0', requestParameters: null, responseElements: { ConsoleLogin: 'Success' }, additionalEventData: { MFAUsed: 'No' }, eventID: id, eventType: 'AwsConsoleSignIn', managementEvent: true, recipientAccountId: ACCOUNT, eventCategory: 'Management' });
  const call = (id: string, name: string, params: Rec): string =>
    JSON.stringify({ eventVersion: '1.08', userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLE', accountId: ACCOUNT, userName: 'ana' }, eventTime: '2026-03-10T03:00:00Z', eventSource: 'lambda.amazonaws.com', eventName: name, awsRegion: 'us-east-1', sourceIPAddress: '198.51.100.8', requestParameters: params, responseElements: null, eventID: id, eventType: 'AwsApiCall', recipientAccountId: ACCOUNT, eventCategory: 'Management' });
  const insight = (id: string, state: string): string =>
    JSON.stringify({ eventVersion: '1.07', eventTime: '2026-03-10T02:00:00Z', awsRegion: 'us-east-1', eventID: id, eventType: 'AwsCloudTrailInsight', recipientAccountId: ACCOUNT, sharedEventID: 's-1', insightDetails: { state, eventSource: 'ssm.amazonaws.com', eventName: 'UpdateInstanceAssociationStatus', insightType: 'ApiCallRateInsight' }, eventCategory: 'Insight' });
  const records = [
    signIn('root-1', '2026-03-10T01:00:00Z'),
    call('tag-1', 'TagResource', { resource: 'arn:aws:lambda:us-east-1:555566667777:function:f', tags: { note: '"eventType":"AwsCloudTrailInsight"', eventCategory: 'Insight' } }),
    call('list-1', 'ListFunctions', {}),
    insight('ins-1', 'Start'),
    signIn('root-2', '2026-03-10T02:30:00Z'),
    insight('ins-2', 'End'),
    call('tag-2', 'TagResource', { tags: { eventCategory: 'Insight', eventType: 'AwsCloudTrailInsight' } }),
    // Its own event type spelled with an escape: still an Insights event, on every path.
    insight('ins-3', 'Start').replace('"AwsCloudTrailInsight"', '"AwsCloudTrail\\u0049nsight"'),
    signIn('root-3', '2026-03-10T04:00:00Z'),
  ];
  const dir = t.testdir({
    [name(0, 'insights')]: gzipSync(logFile(records)),
    'lines.jsonl': `${records.join('\n')}\n`,
  });
  const plain = await run([dir], { prefilter: 'off', workers: 0 });
  t.same(plain.stats.files.skipped, {}, 'no file skipped');
  t.same(plain.stats.records, { total: 18, evaluated: 12, filtered: 0, skipped: 6, duplicateRootEvents: 3 }, 'every record read is counted');
  t.same(plain.stats.skipped, { 'cloudtrail-insight': 6 });
  t.same([...new Set(plain.rootEvents.map((e) => e.eventID))].sort(), ['root-1', 'root-2', 'root-3'], 'the root sign-ins are found');
  const notes = plain.stats.errors.map((e) => e.message).sort();
  t.same(notes, [
    'record index 3 (line 4): skipped (cloudtrail-insight): an Insights event, not an API record',
    'record index 5 (line 6): skipped (cloudtrail-insight): an Insights event, not an API record',
    'record index 7 (line 8): skipped (cloudtrail-insight): an Insights event, not an API record',
    'record index 3: skipped (cloudtrail-insight): an Insights event, not an API record',
    'record index 5: skipped (cloudtrail-insight): an Insights event, not an API record',
    'record index 7: skipped (cloudtrail-insight): an Insights event, not an API record',
  ].sort(), 'each one named');
  // Workers run the same splitter and evaluator (the first test compares every mode on a corpus with
  // Insights events among records); one worker run here keeps the cost down.
  for (const [prefilter, workers] of [['on', 0], ['text', 0], ['on', 2]] as const) {
    t.same(await run([dir], { prefilter, workers }), plain, `prefilter ${prefilter}, ${workers} workers`);
  }
  // A record filter runs after the Insights check on every path (the byte path checks flagged
  // records before its own filter).
  const filter = { since: new Date('2026-03-10T02:15:00Z') };
  const filtered = await run([dir], { prefilter: 'off', workers: 0, filter });
  t.same(filtered.stats.records, { total: 18, evaluated: 10, filtered: 2, skipped: 6, duplicateRootEvents: 2 }, 'the sign-in before the window is filtered, the Insights events are skipped');
  t.same(await run([dir], { prefilter: 'on', workers: 0, filter }), filtered, 'filtered: byte path = plain path');
  t.same(await run([dir], { prefilter: 'text', workers: 0, filter }), filtered, 'filtered: text path = plain path');
});

// A \u escape may spell any character of a value (RFC 8259 §7), so a rule's literal can hide behind one:
// prefilters test such records on their text and on it with the escapes decoded
// (src/engine/unicode-escapes.ts), and a malformed \u escape sends the record to the parser.
t.test('literals spelled with \\u escapes, and malformed escapes, on every path', async (t) => {
  const root = (id: string, fields: string): string =>
    `{"eventVersion":"1.09","userIdentity":{"type":"\\u0052oot","principalId":"${ACCOUNT}","arn":"arn:aws:iam::${ACCOUNT}:root","accountId":"${ACCOUNT}"},"eventTime":"2026-03-10T01:00:00Z",${fields},"awsRegion":"us-east-1","sourceIPAddress":"198.51.100.9","eventID":"${id}","eventType":"AwsConsoleSignIn","recipientAccountId":"${ACCOUNT}"}`;
  const plain = (id: string, name: string): string =>
    `{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","accountId":"${ACCOUNT}","userName":"${name}"},"eventTime":"2026-03-10T02:00:00Z","eventSource":"iam.amazonaws.com","eventName":"ListUsers","awsRegion":"us-east-1","eventID":"${id}","eventType":"AwsApiCall","recipientAccountId":"${ACCOUNT}"}`;
  const records = [
    // Root sign-in, its event source and name escaped too (the Sigma sign-in rules' literals).
    root('esc-1', '"eventSource":"sign\\u0069n.amazonaws.com","eventName":"\\u0043onsoleLogin","responseElements":{"ConsoleLogin":"Su\\u0063cess"},"additionalEventData":{"MFAUsed":"No"}'),
    // Root creating an access key, every letter of the name escaped, hex in upper case.
    root('esc-2', '"eventSource":"\\u0069am.amazonaws.com","eventName":"\\u0043\\u0052\\u0045ATEAccessKey"'),
    plain('esc-3', '\\u00c9quipe donn\\u00e9es'),
    plain('esc-4', 'C:\\\\u0052oot'),
    plain('esc-5', 'bad\\u12'),
    plain('esc-6', 'ok'),
  ];
  const dir = t.testdir({ 'escapes.json.gz': gz(logFile(records)) });
  const off = await run([dir], { prefilter: 'off', workers: 0 });
  t.same(off.rootEvents.map((e) => e.eventID).sort(), ['esc-1', 'esc-2'], 'the escaped root events are root');
  const caught = (file: string): readonly string[] => off.detections.find((d) => d.id.startsWith(`detections/sigma/${file}`))?.caught ?? [];
  t.same(caught('aws_root_console_sign_in.yml'), ['esc-1'], 'the sign-in rule fires on the escaped sign-in');
  t.same(caught('aws_root_access_key_created.yml'), ['esc-2'], 'the access-key rule on the escaped CreateAccessKey (Sigma matches case-insensitively)');
  t.equal(off.stats.skipped['malformed-json'], 1, 'the malformed escape is reported');
  t.equal(off.stats.records.evaluated, 5);
  for (const [prefilter, workers] of MODES) t.same(await run([dir], { prefilter, workers }), off, `prefilter ${prefilter}, ${workers} workers`);
});
