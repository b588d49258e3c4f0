// The repo's fixtures read as fixtures/README.md says (issue 2 §6: fixtures in every supported format;
// bad input each with one clear message naming the file and position). The streaming and in-memory
// readers agree on every file.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { localSource } from '../../src/sources/local/index.js';
import { problems, readStream, readSync, texts } from './helpers.js';

const canonical = JSON.parse(readFileSync('fixtures/canonical/trail.json', 'utf8')) as {
  trailFiles: Record<string, { eventID: string }[]>;
  formatRecords: string[];
  lookupRecords: string[];
  badFileRecords: object[];
};
const byId = new Map<string, object>();
for (const recs of Object.values(canonical.trailFiles)) for (const r of recs) byId.set(r.eventID, r);
const compact = (id: string): string => JSON.stringify(byId.get(id));
const bad = canonical.badFileRecords.map((r) => JSON.stringify(r));

async function read(path: string) {
  const bytes = readFileSync(path);
  const events = readSync(bytes, path);
  return { events, stream: await readStream(bytes, path, 1000) };
}

t.test('AWSLogs: every log file gives its canonical records, byte for byte, compact', async (t) => {
  for (const [rel, records] of Object.entries(canonical.trailFiles)) {
    const { events, stream } = await read(`fixtures/${rel}`);
    t.same(texts(events), records.map((r) => JSON.stringify(r)), rel);
    t.same(problems(events), []);
    t.same(stream, events);
  }
});

t.test('formats: every format gives the same record texts as the log files', async (t) => {
  const nine = canonical.formatRecords.map(compact);
  for (const file of [
    'records.jsonl',
    'records.jsonl.gz',
    'cloudtrail-pretty.json',
    'json-array.json',
    'cwl-export/000000.gz',
    'eventbridge-events.jsonl',
    'eventbridge-array.json',
  ]) {
    const { events, stream } = await read(`fixtures/formats/${file}`);
    t.same(texts(events), nine, file);
    t.same(problems(events), [], file);
    t.same(stream, events, file);
  }
  const lookupNewestFirst = canonical.lookupRecords
    .map((id) => byId.get(id) as { eventTime: string; eventID: string })
    .sort((a, b) => (a.eventTime < b.eventTime ? 1 : -1))
    .map((r) => compact(r.eventID));
  for (const file of ['lookup-events.json', 'lookup-events-pages.json']) {
    const { events, stream } = await read(`fixtures/formats/${file}`);
    t.same(texts(events), lookupNewestFirst, file);
    t.same(stream, events, file);
  }
  t.same(texts((await read('fixtures/formats/eventbridge-event.json')).events), [compact(canonical.lookupRecords[2] as string)]);
  const lines = (await read('fixtures/formats/records.jsonl')).events;
  t.same(lines.map((e) => (e[0] === 'record' ? e[1].line : 0)), [1, 2, 3, 4, 5, 6, 7, 8, 9], 'JSON Lines records carry their line');
});

t.test('bad: each file gives exactly the records, skips and errors fixtures/README.md lists', async (t) => {
  const expect: Record<string, { records: string[]; rest: unknown[] }> = {
    'truncated.json.gz': {
      records: bad.slice(0, 4),
      rest: [
        ['skip', 'truncated', { index: 4, line: 1, column: 3862 }, 'the file ends inside this record'],
        ['error', 'corrupt gzip data: unexpected end of file at compressed byte 940', { offset: 940 }],
      ],
    },
    'corrupt.json.gz': {
      records: bad.slice(0, 4),
      rest: [
        ['skip', 'truncated', { index: 4, line: 1, column: 3862 }, 'the file ends inside this record'],
        ['error', 'corrupt gzip data: invalid block type at compressed byte 940', { offset: 940 }],
      ],
    },
    'trailing-garbage.json.gz': {
      records: bad.slice(0, 3),
      rest: [['error', 'corrupt gzip data: incorrect header check at compressed byte 864', { offset: 864 }]],
    },
    'truncated.json': {
      records: bad.slice(0, 5),
      rest: [
        ['skip', 'truncated', { index: 5, line: 1, column: 4850 }, 'the file ends inside this record'],
        ['error', 'unexpected end of file: 4 brackets not closed', { line: 1, column: 4910 }],
      ],
    },
    'malformed-record.json': {
      records: [bad[0], bad[1], bad[3]] as string[],
      rest: [['skip', 'malformed-json', { index: 2, line: 1, column: 1886 }, "expected ',' or a closing bracket, found '\"' at line 1, column 2143"]],
    },
    'not-an-object.json': {
      records: [bad[0], bad[3]] as string[],
      rest: [['skip', 'not-an-object', { index: 1, line: 1, column: 1001 }, 'record is a string, not an object']],
    },
    'not-cloudtrail.json': { records: [], rest: [['fileSkipped', 'not-cloudtrail', 'a JSON object that is not CloudTrail (keys "Version", "Statement")']] },
    'empty.json': { records: [], rest: [['fileSkipped', 'empty', 'the file is empty']] },
    // Each message says how the file was stored when that explains it (issue 11.3).
    'empty.json.gz': { records: [], rest: [['fileSkipped', 'empty', 'the file is empty (after gzip decompression)']] },
    'not-gzip.json.gz': { records: [], rest: [['fileSkipped', 'not-cloudtrail', 'named .gz but not gzip-compressed: not JSON, JSON Lines or a CloudWatch Logs export']] },
    'garbage-inside.json.gz': { records: [], rest: [['fileSkipped', 'not-cloudtrail', 'not JSON, JSON Lines or a CloudWatch Logs export (after gzip decompression)']] },
    'malformed-lines.jsonl': {
      records: [bad[0], bad[1], bad[3], bad[6]] as string[],
      rest: [
        ['skip', 'malformed-json', { index: 2, line: 3, column: 1 }, 'line 3 ends inside a string'],
        ['skip', 'malformed-json', { index: 4, line: 5, column: 1 }, "invalid literal 'not' at line 5, column 1"],
        ['skip', 'not-cloudtrail-record', { index: 5, line: 6, column: 1 }, 'object has no eventName, eventSource: not a CloudTrail record'],
        ['skip', 'not-an-object', { index: 6, line: 7, column: 1 }, 'record is an array, not an object'],
      ],
    },
    'eventbridge-mixed.jsonl': {
      records: [bad[0], bad[1]] as string[],
      rest: [
        ['skip', 'not-cloudtrail-record', { index: 1, line: 2, column: 1 }, 'detail-type "EC2 Instance State-change Notification" is not a CloudTrail event'],
        ['skip', 'cloudtrail-insight', { index: 2, line: 3, column: 1 }, 'an Insights event, not an API record'],
      ],
    },
  };
  for (const [file, want] of Object.entries(expect)) {
    const { events, stream } = await read(`fixtures/bad/${file}`);
    t.same(texts(events), want.records, `${file}: records`);
    t.same(problems(events), want.rest, `${file}: skips and errors`);
    t.same(stream, events, `${file}: streaming agrees`);
  }
});

t.test('every element is accounted for: records + skips = elements found', async (t) => {
  // malformed-lines.jsonl has 8 non-blank lines: 4 records + 4 skips.
  const { events } = await read('fixtures/bad/malformed-lines.jsonl');
  t.equal(events.filter((e) => e[0] === 'record' || e[0] === 'skip').length, 8);
  t.same(
    events.map((e) => (e[0] === 'record' ? e[1].index : e[0] === 'skip' ? e[2].index : -1)),
    [0, 1, 2, 3, 4, 5, 6, 7],
  );
});

t.test('the whole fixtures tree lists, and reads, without surprises', async (t) => {
  const listed: string[] = [];
  for await (const obj of localSource.list('fixtures', {})) listed.push(`${obj.skip ?? 'read'} ${obj.uri}`);
  t.ok(listed.includes('not-a-log-file fixtures/make-fixtures.mjs'));
  t.ok(listed.includes('not-a-log-file fixtures/README.md'));
  t.equal(listed.filter((l) => l.startsWith('cloudtrail-digest ')).length, 1);
  t.equal(listed.filter((l) => l.startsWith('cloudtrail-insight ')).length, 1);
});
