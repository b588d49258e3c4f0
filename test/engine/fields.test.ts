// readTopLevelFields must find exactly the top-level eventTime/awsRegion/recipientAccountId, never a
// nested key of the same name, and agree with JSON.parse on every record it accepts.
import t from 'tap';
import { readTopLevelFields } from '../../src/engine/fields.js';

t.test('reads the three top-level strings', async (t) => {
  const rec = {
    eventVersion: '1.08',
    userIdentity: { type: 'Root', eventTime: 'nested-not-this', sessionContext: { attributes: { creationDate: 'x' } } },
    eventTime: '2026-03-01T10:00:00Z',
    awsRegion: 'us-east-1',
    requestParameters: { awsRegion: 'eu-west-1', list: [{ recipientAccountId: 'nope' }] },
    recipientAccountId: '111122223333',
  };
  t.same(readTopLevelFields(JSON.stringify(rec)), {
    eventTime: '2026-03-01T10:00:00Z',
    awsRegion: 'us-east-1',
    recipientAccountId: '111122223333',
  });
});

t.test('strings with escaped quotes and backslashes are skipped correctly', async (t) => {
  const rec = { a: 'he said \\"x\\" \\\\', b: '\\', eventTime: '2026-01-01T00:00:00Z', c: '"}]{[', awsRegion: 'eu\u00e9' };
  const text = JSON.stringify(rec).replace('eu\u00e9', 'eu\\u00e9');
  t.same(readTopLevelFields(text), { eventTime: '2026-01-01T00:00:00Z', awsRegion: 'eu\u00e9', recipientAccountId: null });
});

t.test('escaped key names are decoded before comparing', async (t) => {
  t.equal(readTopLevelFields('{"event\\u0054ime":"2026-01-01T00:00:00Z"}')?.eventTime, '2026-01-01T00:00:00Z');
});

t.test('non-string values and absent fields are null', async (t) => {
  t.same(readTopLevelFields('{"eventTime":5,"awsRegion":null}'), { eventTime: null, awsRegion: null, recipientAccountId: null });
});

t.test('a repeated key: the last value counts, as with JSON.parse', async (t) => {
  t.same(readTopLevelFields('{"eventTime":"a","awsRegion":"r1","eventTime":"b","awsRegion":5}'), { eventTime: 'b', awsRegion: null, recipientAccountId: null });
  t.equal(readTopLevelFields('{"awsRegion":null,"awsRegion":"r2"}')?.awsRegion, 'r2');
});

t.test('pretty-printed text works', async (t) => {
  const text = JSON.stringify({ eventTime: '2026-01-01T00:00:00Z', x: { y: [1, 2] }, awsRegion: 'us-west-2' }, null, 2);
  t.equal(readTopLevelFields(text)?.awsRegion, 'us-west-2');
});

t.test('not an object at the top level gives null', async (t) => {
  t.equal(readTopLevelFields('[1,2]'), null);
  t.equal(readTopLevelFields('"x"'), null);
  t.equal(readTopLevelFields('{"eventTime":"x"'), null);
});

t.test('agrees with JSON.parse on generated records', async (t) => {
  let seed = 7;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const pieces = ['a', '"', '\\', '{', '}', '[', ']', ':', ',', 'é', '\u2028', 'eventTime'];
  const str = (): string => Array.from({ length: rnd(6) }, () => pieces[rnd(pieces.length)]!).join('');
  for (let i = 0; i < 500; i++) {
    const rec: Record<string, unknown> = {};
    for (let k = 0; k < 5; k++) {
      const key = [str(), 'eventTime', 'awsRegion', 'recipientAccountId', 'nested'][rnd(5)]!;
      rec[key] = rnd(3) === 0 ? { eventTime: str(), awsRegion: [str()] } : rnd(2) === 0 ? str() : rnd(100);
    }
    const parsed = JSON.parse(JSON.stringify(rec)) as Record<string, unknown>;
    const want = {
      eventTime: typeof parsed.eventTime === 'string' ? parsed.eventTime : null,
      awsRegion: typeof parsed.awsRegion === 'string' ? parsed.awsRegion : null,
      recipientAccountId: typeof parsed.recipientAccountId === 'string' ? parsed.recipientAccountId : null,
    };
    t.same(readTopLevelFields(JSON.stringify(rec)), want, `record ${i}`);
  }
});
