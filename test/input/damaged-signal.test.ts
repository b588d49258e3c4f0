// `ObjectSink.damaged`: both readers tell the engine that a gzip file is damaged (so that an S3 object
// damaged in transit is read again, test/s3/transit-damage.test.ts), and never for an intact file.
import { gzipSync } from 'node:zlib';
import t from 'tap';
import { readObject, readObjectSync } from '../../src/engine/read-object.js';
import { chunked, recorder } from './helpers.js';

const intact = gzipSync(JSON.stringify({ Records: Array.from({ length: 20 }, (_, i) => ({ eventVersion: '1.09', eventID: `e-${i}`, eventName: 'ListUsers' })) }));
const badCrc = Buffer.from(intact);
badCrc[badCrc.length - 6] = (badCrc[badCrc.length - 6] as number) ^ 0xff;
const cut = intact.subarray(0, intact.length - 20);

/** The sink's calls with `damaged` among them, in order. */
function signalling() {
  const sink = recorder();
  const calls: string[] = [];
  return {
    sink: {
      ...sink,
      damaged: () => void calls.push('damaged'),
      error: (message: string, where: { offset?: number }) => {
        calls.push('error');
        sink.error(message, where);
      },
    },
    calls,
  };
}

for (const [name, bytes, expected] of [
  ['intact', intact, []],
  ['a flipped CRC-32 byte', badCrc, ['damaged', 'error']],
  ['cut short', cut, ['damaged', 'error']],
] as const) {
  t.test(`${name}: in memory and streamed`, async (t) => {
    const sync = signalling();
    readObjectSync(bytes, 'x.json.gz', {}, sync.sink);
    t.same(sync.calls, expected);
    const streamed = signalling();
    await readObject(chunked(bytes, 64), 'x.json.gz', {}, streamed.sink);
    t.same(streamed.calls, expected);
  });
}
