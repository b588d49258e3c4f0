// Root classification, rule by rule as docs/root-usage.md states them (R1–R8), on records written in
// test/root/records.ts from the AWS pages cited there.
import t from 'tap';
import { classifyRoot } from '../../src/record/root.js';
import type { JsonObject } from '../../src/record/view.js';
import {
  assumeRootCall,
  assumedRoleDescribeInstances,
  assumedRootDeleteBucketPolicy,
  iamUserConsoleLogin,
  rootConsoleLogin,
  rootConsoleLoginFailed,
  rootConsoleStartLogging,
  rootCreateAccessKey,
  rootIdentity,
  rootPasswordRecoveryRequested,
  rootServiceEvent,
  rootViaCloudFormation,
} from './records.js';

t.test('R1: records whose identity is not root are null', async (t) => {
  // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
  t.equal(classifyRoot(iamUserConsoleLogin()), null, 'IAM user ConsoleLogin is not root');
  t.equal(classifyRoot(assumedRoleDescribeInstances()), null, 'assumed-role call');
  t.equal(classifyRoot({ ...rootCreateAccessKey(), userIdentity: { ...rootIdentity(), type: 'root' } }), null, 'type is case-sensitive');
  t.equal(classifyRoot({ eventName: 'ListUsers', eventType: 'AwsApiCall' }), null, 'no userIdentity');
  t.equal(classifyRoot({ userIdentity: 'Root' }), null, 'userIdentity not an object');
  t.equal(classifyRoot({ userIdentity: [{ type: 'Root' }] }), null, 'userIdentity an array');
  t.equal(classifyRoot({ userIdentity: { type: ['Root'] } }), null, 'type not a string');
  const notAssumed = assumedRoleDescribeInstances();
  (((notAssumed['userIdentity'] as JsonObject)['sessionContext']) as JsonObject)['assumedRoot'] = 'false';
  t.equal(classifyRoot(notAssumed), null, 'assumedRoot "false"');
  t.equal(classifyRoot({ ...assumeRootCall(false), eventSource: 'iam.amazonaws.com' }), null, 'AssumeRoot must come from STS');
});

t.test('R5: root console sign-ins', async (t) => {
  // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html
  t.strictSame(classifyRoot(rootConsoleLogin()), { category: 'console-login-success', rootUsage: true, cisRootUsage: true, mfaUsed: true, outcome: 'success' });
  t.strictSame(classifyRoot(rootConsoleLoginFailed()), { category: 'console-login-failure', rootUsage: true, cisRootUsage: true, mfaUsed: false, outcome: 'failure' });

  const noMfaField = rootConsoleLogin({ additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No' } });
  t.equal(classifyRoot(noMfaField)?.mfaUsed, null, 'MFAUsed absent → null');
  t.equal(classifyRoot(rootConsoleLogin({ additionalEventData: null }))?.mfaUsed, null, 'additionalEventData null → null');
  t.equal(classifyRoot(rootConsoleLogin({ additionalEventData: { MFAUsed: 'YES' } }))?.mfaUsed, true, 'AWS has written "YES"');
  t.equal(classifyRoot(rootConsoleLogin({ additionalEventData: { MFAUsed: 'maybe' } }))?.mfaUsed, null, 'unknown value → null');

  const failureOnlyInResponse = rootConsoleLogin({ responseElements: { ConsoleLogin: 'Failure' } });
  t.equal(classifyRoot(failureOnlyInResponse)?.category, 'console-login-failure', 'responseElements alone says failure');
  const failureOnlyInMessage = rootConsoleLogin({ responseElements: null, errorMessage: 'Failed authentication' });
  t.equal(classifyRoot(failureOnlyInMessage)?.category, 'console-login-failure', 'errorMessage alone says failure');
  const silent = rootConsoleLogin({ responseElements: null });
  t.strictSame(classifyRoot(silent), { category: 'console-login-success', rootUsage: true, cisRootUsage: true, mfaUsed: true, outcome: null }, 'no signal: success category, null outcome');
  t.equal(classifyRoot(rootConsoleLogin({ responseElements: { ConsoleLogin: 'Success' }, errorMessage: 'Failed authentication' }))?.outcome, 'failure', 'a failure signal wins');
});

t.test('R8: root credentials used directly', async (t) => {
  // A record with type Root and no invokedBy; failed calls count too (errorCode → failure).
  t.strictSame(classifyRoot(rootCreateAccessKey()), { category: 'root-api-call', rootUsage: true, cisRootUsage: true, mfaUsed: null, outcome: 'success' });
  const failed = rootCreateAccessKey({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', errorCode: 'NotOrganizationMasterAccountException', errorMessage: 'Cannot stop trail, not master trail.' });
  t.strictSame(classifyRoot(failed), { category: 'root-api-call', rootUsage: true, cisRootUsage: true, mfaUsed: null, outcome: 'failure' });
});

t.test('R7: root acting in the console', async (t) => {
  // invokedBy signin.amazonaws.com (StartLogging example in
  // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-examples.html): CIS does not match it.
  t.strictSame(classifyRoot(rootConsoleStartLogging()), { category: 'root-console-action', rootUsage: true, cisRootUsage: false, mfaUsed: null, outcome: 'success' });
  // eventType AwsConsoleAction: "actions taken in the console that were not API calls"
  // (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html); no invokedBy, so CIS matches.
  const consoleAction = rootCreateAccessKey({ eventSource: 'billingconsole.amazonaws.com', eventName: 'SetContactInformation', eventType: 'AwsConsoleAction' });
  t.strictSame(classifyRoot(consoleAction), { category: 'root-console-action', rootUsage: true, cisRootUsage: true, mfaUsed: null, outcome: 'success' });
});

t.test('R4 and R2: context, not a person using root', async (t) => {
  // invokedBy: "the name of the AWS service that made the request" (userIdentity page).
  t.strictSame(classifyRoot(rootViaCloudFormation()), { category: 'service-on-behalf-of-root', rootUsage: false, cisRootUsage: false, mfaUsed: null, outcome: 'success' });
  // eventType AwsServiceEvent: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/non-api-aws-service-events.html
  t.strictSame(classifyRoot(rootServiceEvent()), { category: 'root-service-event', rootUsage: false, cisRootUsage: false, mfaUsed: null, outcome: null });
  // A service event wins over everything else, even with invokedBy present.
  const both = { ...rootServiceEvent(), userIdentity: rootIdentity({ invokedBy: 'signin.amazonaws.com' }) };
  t.equal(classifyRoot(both)?.category, 'root-service-event');
});

t.test('R6: other sign-in events concerning root are context', async (t) => {
  // PasswordRecoveryRequested: https://repost.aws/knowledge-center/reset-root-user-password-aws-account
  t.strictSame(classifyRoot(rootPasswordRecoveryRequested()), { category: 'root-sign-in-other', rootUsage: false, cisRootUsage: true, mfaUsed: null, outcome: 'success' });
  const pwFailed = { ...rootPasswordRecoveryRequested(), eventName: 'PasswordUpdated', responseElements: { PasswordUpdated: 'Failure' } };
  t.equal(classifyRoot(pwFailed)?.outcome, 'failure', 'responseElements.<eventName> gives the outcome');
});

t.test('R3: centralised root access (AssumeRoot)', async (t) => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-track-privileged-tasks.html
  const call = { category: 'assume-root-session', rootUsage: true, cisRootUsage: false, mfaUsed: null, outcome: 'success' } as const;
  t.strictSame(classifyRoot(assumeRootCall(true)), call);
  t.strictSame(classifyRoot(assumeRootCall(false)), call);
  t.equal(classifyRoot(assumeRootCall(false, { errorCode: 'AccessDenied', errorMessage: 'not authorized', responseElements: null }))?.outcome, 'failure', 'a denied AssumeRoot is still usage');
  // Member-account actions of the session are type Root, so the CIS filter matches them.
  t.strictSame(classifyRoot(assumedRootDeleteBucketPolicy()), { category: 'assume-root-session', rootUsage: true, cisRootUsage: true, mfaUsed: null, outcome: 'success' });
  // A ConsoleLogin made with the session keeps the login outcome and MFA flag.
  const login = rootConsoleLogin({ userIdentity: rootIdentity({ sessionContext: { assumedRoot: 'true' } }), awsRegion: 'eu-west-1' });
  t.strictSame(classifyRoot(login), { category: 'assume-root-session', rootUsage: true, cisRootUsage: true, mfaUsed: true, outcome: 'success' });
  // A service event is still context even inside a session.
  const svc = { ...rootServiceEvent(), userIdentity: rootIdentity({ sessionContext: { assumedRoot: 'true' } }) };
  t.equal(classifyRoot(svc)?.category, 'root-service-event');
});

t.test('cisRootUsage follows CloudWatch Logs semantics (docs/filter-patterns.md: missing fields, null, NOT EXISTS)', async (t) => {
  // Security Hub CloudWatch.1: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-1
  const nullInvokedBy = rootCreateAccessKey({ userIdentity: rootIdentity({ invokedBy: null }) });
  t.strictSame(classifyRoot(nullInvokedBy), { category: 'root-api-call', rootUsage: true, cisRootUsage: false, mfaUsed: null, outcome: 'success' }, 'invokedBy null exists: NOT EXISTS is false');
  const emptyInvokedBy = rootCreateAccessKey({ userIdentity: rootIdentity({ invokedBy: '' }) });
  t.strictSame(classifyRoot(emptyInvokedBy), { category: 'root-api-call', rootUsage: true, cisRootUsage: false, mfaUsed: null, outcome: 'success' }, 'invokedBy "" exists too');
  const noEventType = rootCreateAccessKey();
  delete noEventType['eventType'];
  t.equal(classifyRoot(noEventType)?.cisRootUsage, false, 'missing eventType: != is false');
  t.equal(classifyRoot(rootCreateAccessKey({ eventType: null }))?.cisRootUsage, false, 'null eventType: not a value node');
  t.equal(classifyRoot(rootCreateAccessKey({ eventType: 'AwsVpceEvent' }))?.cisRootUsage, true, 'any other eventType string');
  t.equal(classifyRoot(assumeRootCall())?.cisRootUsage, false, 'AssumeRoot caller is not type Root');
});

t.test('never throws on odd shapes', async (t) => {
  const odd: JsonObject[] = [
    { userIdentity: { type: 'Root', invokedBy: 42, sessionContext: 'x' }, eventType: 7 },
    { userIdentity: { type: 'Root' }, responseElements: 'Success', additionalEventData: [], eventName: 'ConsoleLogin' },
    { userIdentity: { type: 'Root' }, eventSource: 'signin.amazonaws.com', eventName: null },
    { userIdentity: { type: 'Root' }, eventSource: 'signin.amazonaws.com', eventName: '__proto__' },
    { userIdentity: { type: 'AssumedRole', sessionContext: { assumedRoot: true } } },
  ];
  for (const r of odd) t.doesNotThrow(() => classifyRoot(r));
  t.equal(classifyRoot(odd[0] as JsonObject)?.category, 'root-api-call', 'non-string invokedBy names no service');
  t.equal(classifyRoot(odd[0] as JsonObject)?.cisRootUsage, false, '…but exists for CIS');
  t.equal(classifyRoot(odd[4] as JsonObject)?.category, 'assume-root-session', 'a JSON true assumedRoot is accepted');
});
