// Summary fields of a record. Field meanings: "CloudTrail record contents",
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
import t from 'tap';
import { recordAccountId, summarizeRecord } from '../../src/record/summary.js';
import type { JsonObject } from '../../src/record/view.js';
import { rootConsoleLoginFailed, rootIdentity } from './records.js';

t.test('summarizeRecord reads the shown fields', async (t) => {
  t.strictSame(summarizeRecord(rootConsoleLoginFailed()), {
    eventID: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
    eventTime: '2024-06-03T08:15:42Z',
    eventName: 'ConsoleLogin',
    eventSource: 'signin.amazonaws.com',
    accountId: '444455556666',
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.23',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0',
  });
});

t.test('wrong types and absent fields read as null', async (t) => {
  const odd: JsonObject = { eventID: 7, eventTime: null, eventName: ['x'], awsRegion: { r: 1 }, userIdentity: 'Root' };
  t.strictSame(summarizeRecord(odd), {
    eventID: null, eventTime: null, eventName: null, eventSource: null,
    accountId: null, awsRegion: null, sourceIPAddress: null, userAgent: null,
  });
  const protoKey = JSON.parse('{"__proto__":{"eventName":"Injected"}}') as JsonObject;
  t.equal(summarizeRecord(protoKey).eventName, null, 'an own "__proto__" key does not supply fields');
});

t.test('account: recipientAccountId, else userIdentity.accountId', async (t) => {
  t.equal(recordAccountId({ recipientAccountId: '111111111111', userIdentity: rootIdentity() }), '111111111111');
  t.equal(recordAccountId({ userIdentity: rootIdentity() }), '444455556666');
  t.equal(recordAccountId({ recipientAccountId: '', userIdentity: rootIdentity() }), '444455556666', 'empty counts as absent');
  t.equal(recordAccountId({ recipientAccountId: 111111111111 }), null, 'a number is not an account id string');
});
