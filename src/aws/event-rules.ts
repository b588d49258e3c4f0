/**
 * `pull event-rules`: the EventBridge rules of an event bus, written as a detection file.
 *
 * Format: the JSON `aws events list-rules` prints, `{ "Rules": [ … ] }` with the API's member names
 * (`Name`, `Arn`, `EventPattern` as a JSON string, `State`, `Description`, `ScheduleExpression`,
 * `RoleArn`, `ManagedBy`, `EventBusName`), which the `eventbridge` dialect loads with each rule as one
 * detection: its `State` and `Arn` (Region, account) decide delivery (docs/eventbridge.md). Schedule-only
 * rules are kept (the dialect lists them as not applicable), so the file is the bus's whole rule list.
 * (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_ListRules.html, API_DescribeRule.html)
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DescribeRuleCommand, ListRulesCommand, type EventBridgeClient, type Rule } from '@aws-sdk/client-eventbridge';
import type { AwsClientOptions } from './client-options.js';
import { AwsCallError, classifyFailure } from './errors.js';
import { createEventBridgeClient } from './eventbridge-client.js';

/** ListRules page size: the API's maximum. */
const LIST_RULES_LIMIT = 100;

/** Options of {@link pullEventRules}. */
export interface PullEventRulesOptions extends AwsClientOptions {
  /** Event bus name or ARN (`--event-bus`); default: the account's default bus. */
  readonly eventBus?: string;
  /** Only rules whose name starts with this (`--name-prefix`). */
  readonly namePrefix?: string;
  /** File to write (`--output`); its folder is created if missing. */
  readonly output: string;
  /** An existing client to use instead of building one from the options. */
  readonly client?: EventBridgeClient;
}

/** What {@link pullEventRules} found and wrote. */
export interface PullEventRulesResult {
  /** The file written, or null when the bus has no (matching) rules: nothing is written. */
  readonly file: string | null;
  /** The rules, in the order the API listed them. */
  readonly rules: readonly Rule[];
  /** Rules that needed a DescribeRule call (listed with neither a pattern nor a schedule). */
  readonly described: number;
}

/**
 * Lists the rules of the bus (ListRules, following `NextToken`), completes any rule listed with neither
 * `EventPattern` nor `ScheduleExpression` with DescribeRule, and writes them to `options.output`
 * (replaced atomically).
 *
 * @throws AwsCallError when an API call fails (`not-found` for a missing bus, `access-denied`...).
 */
export async function pullEventRules(options: PullEventRulesOptions): Promise<PullEventRulesResult> {
  const client = options.client ?? createEventBridgeClient(options);
  const bus = options.eventBus;
  const context = `event bus '${bus ?? 'default'}'`;
  const rules: Rule[] = [];
  let described = 0;
  try {
    let nextToken: string | undefined;
    do {
      let output;
      try {
        output = await client.send(new ListRulesCommand({ EventBusName: bus, NamePrefix: options.namePrefix, NextToken: nextToken, Limit: LIST_RULES_LIMIT }));
      } catch (error) {
        throw new AwsCallError('ListRules', classifyFailure(error), context, { cause: error });
      }
      rules.push(...(output.Rules ?? []));
      nextToken = output.NextToken;
    } while (nextToken !== undefined);
    for (const [i, rule] of rules.entries()) {
      if (rule.EventPattern !== undefined || rule.ScheduleExpression !== undefined || rule.Name === undefined) continue;
      try {
        const { $metadata: _, CreatedBy: __, ...full } = await client.send(new DescribeRuleCommand({ Name: rule.Name, EventBusName: bus }));
        rules[i] = full;
        described++;
      } catch (error) {
        throw new AwsCallError('DescribeRule', classifyFailure(error), `rule '${rule.Name}' on ${context}`, { cause: error });
      }
    }
  } finally {
    if (options.client === undefined) client.destroy();
  }
  if (rules.length === 0) return { file: null, rules, described };
  await mkdir(dirname(options.output), { recursive: true });
  const partial = `${options.output}.${process.pid}.tmp`;
  // Four-space indentation, as the AWS CLI prints it.
  await writeFile(partial, `${JSON.stringify({ Rules: rules }, null, 4)}\n`, 'utf8');
  await rename(partial, options.output);
  return { file: options.output, rules, described };
}

/** The default output file for a bus's rules: `<bus>.event-rules.json` (a bus ARN gives its name). */
export function eventRulesFileName(eventBus: string | undefined): string {
  const name = (eventBus ?? 'default').replace(/^arn:.*:event-bus\//, '');
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[_.]+/, '');
  return `${safe === '' ? 'event-bus' : safe}.event-rules.json`;
}
