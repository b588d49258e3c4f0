/**
 * One set of Panther rules running in one long-lived `runner.py` process: started on the first record,
 * fed records as JSON lines, answering per record and rule (the cell protocol of runner.py).
 * `SyncSession` serves the engine's synchronous `match`; `AsyncSession` serves batches without
 * blocking (the library's batch form and `panther-test`).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { JsonObject } from '../../record/view.js';
import { RUNNER, pythonCommand, type RunnerSetup, type SetupAnswer } from './python.js';
import { SyncRunner } from './sync-runner.js';
import type { PantherTest } from './metadata.js';

/** One rule's outcome on one record: no match, a match with its alert fields, or the rule's error. */
export type Cell = 0 | readonly [title: string, severity: string | null, dedup: string, alertError: string | null] | { readonly e: string; readonly undecodable?: boolean };

/** One unit test's outcome (runner.py `run_tests`). */
export interface TestOutcome {
  readonly name: string;
  readonly passed: boolean;
  readonly result: boolean | null;
  readonly error: string | null;
}

/** A request for many records: a header line, then one line per record (JSON.stringify writes no raw line break). */
function recordLines(texts: readonly string[]): string {
  return `{"op":"lines","n":${texts.length}}\n${texts.join('\n')}`;
}

function answer<T>(line: string, key: string): T {
  const reply = JSON.parse(line) as Record<string, unknown>;
  if (typeof reply['fatal'] === 'string') throw new Error(reply['fatal']);
  return reply[key] as T;
}

/** How many times a session starts a runner again after it died. */
const MAX_RESTARTS = 20;

/** Runners of sessions nobody holds any more (a replay's rules, once done) are stopped. */
const orphans = new FinalizationRegistry<SyncRunner>((runner) => runner.close());

/** A runner answering synchronously (the engine path). */
export class SyncSession {
  private runner: SyncRunner | null = null;
  private setupAnswer: SetupAnswer | null = null;
  private restarts = 0;

  constructor(
    private readonly setup: RunnerSetup,
    private readonly python?: string,
  ) {}

  private started(): SyncRunner {
    if (this.runner === null) {
      const runner = new SyncRunner(pythonCommand(this.python), [RUNNER]);
      try {
        const reply = JSON.parse(runner.call(JSON.stringify(this.setup))) as SetupAnswer | { fatal: string };
        if ('fatal' in reply) throw new Error(reply.fatal);
        this.setupAnswer = reply;
      } catch (e) {
        runner.close();
        throw e;
      }
      this.runner = runner;
      orphans.register(this, runner, this);
    }
    return this.runner;
  }

  /** Starts the runner and returns its answer to the setup (what `runner.py check` says); throws when it cannot run. */
  check(): SetupAnswer {
    this.started();
    return this.setupAnswer!;
  }

  /** Every rule's cell for every record, in order. Throws when the runner cannot run. */
  evaluate(records: readonly JsonObject[]): Cell[][] {
    return this.evaluateLines(records.map((r) => JSON.stringify(r)));
  }

  /**
   * Every rule's cells for records given as one-line JSON texts (a text that is not JSON gets errors).
   * A runner that died (a record that crashes Python) is started again on the next call, a few times.
   */
  evaluateLines(texts: readonly string[]): Cell[][] {
    const runner = this.started();
    try {
      return answer<Cell[][]>(runner.call(recordLines(texts)), 'results');
    } catch (e) {
      if (this.restarts < MAX_RESTARTS) {
        this.restarts++;
        this.close();
      }
      throw e;
    }
  }

  /** Runs one rule's unit tests. */
  test(rule: number, tests: readonly PantherTest[]): TestOutcome[] {
    return answer<TestOutcome[]>(this.started().call(JSON.stringify({ op: 'test', rule, tests })), 'tests');
  }

  close(): void {
    orphans.unregister(this);
    this.runner?.close();
    this.runner = null;
  }
}

/** A runner answering asynchronously, one request at a time in order. */
export class AsyncSession {
  private child: ChildProcessWithoutNullStreams | null = null;
  private readonly waiting: { resolve: (line: string) => void; reject: (e: Error) => void }[] = [];
  private failure: Error | null = null;
  private stderr = '';

  constructor(
    private readonly setup: RunnerSetup,
    private readonly python?: string,
  ) {}

  private send(line: string): Promise<string> {
    if (this.failure !== null) return Promise.reject(this.failure);
    if (this.child === null) {
      const command = pythonCommand(this.python);
      const child = spawn(command, [RUNNER], { stdio: ['pipe', 'pipe', 'pipe'] });
      const fail = (why: string): void => {
        this.failure ??= new Error(`${why}${this.stderr.trim() ? `: ${this.stderr.trim().split('\n').slice(-1)[0]}` : ''}`);
        for (const w of this.waiting.splice(0)) w.reject(this.failure);
      };
      child.on('error', (e) => fail(`${command} failed to start (${e.message})`));
      child.on('exit', (code, signal) => fail(`${command} exited (${signal ?? `code ${code}`})`));
      child.stdin.on('error', () => undefined);
      child.stderr.setEncoding('utf8').on('data', (d: string) => (this.stderr = (this.stderr + d).slice(-4000)));
      createInterface({ input: child.stdout }).on('line', (l) => this.waiting.shift()?.resolve(l));
      child.stdin.write(`${JSON.stringify(this.setup)}\n`);
      this.waiting.push({ resolve: () => undefined, reject: () => undefined });
      this.child = child;
    }
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.child!.stdin.write(`${line}\n`);
    });
  }

  async evaluate(records: readonly JsonObject[]): Promise<Cell[][]> {
    return answer<Cell[][]>(await this.send(recordLines(records.map((r) => JSON.stringify(r)))), 'results');
  }

  async test(rule: number, tests: readonly PantherTest[]): Promise<TestOutcome[]> {
    return answer<TestOutcome[]>(await this.send(JSON.stringify({ op: 'test', rule, tests })), 'tests');
  }

  close(): void {
    this.child?.stdin.end();
    this.child = null;
  }
}
