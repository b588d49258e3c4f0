/**
 * A long-lived runner process driven synchronously: the engine's `match` is synchronous per record
 * (src/dialects/types.ts), so a helper thread owns the Python child and its pipes, and the caller
 * blocks in `Atomics.wait` until that thread has the answer line (the "synchronous worker call"
 * pattern). One request line in, one answer line out; `receiveMessageOnPort` fetches the answer.
 * The helper thread is unreferenced: it never keeps Node alive, and the child exits on end of input
 * when the thread goes away.
 */
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';

/** The helper thread, as CommonJS source (no file to find in dist/ or under tsx). */
const HELPER = `
const { workerData } = require('node:worker_threads');
const { spawn } = require('node:child_process');
const { signal, port, command, args } = workerData;
const flag = new Int32Array(signal);
let buffer = '';
let stderr = '';
let done = false;
const reply = (m) => { port.postMessage(m); Atomics.add(flag, 0, 1); Atomics.notify(flag, 0); };
const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
child.stdout.setEncoding('utf8');
child.stdout.on('data', (d) => {
  buffer += d;
  for (let i = buffer.indexOf('\\n'); i !== -1; i = buffer.indexOf('\\n')) {
    reply({ line: buffer.slice(0, i) });
    buffer = buffer.slice(i + 1);
  }
});
child.stderr.setEncoding('utf8');
child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
child.stdin.on('error', () => {});
const fail = (why) => { if (!done) { done = true; reply({ fatal: why + (stderr.trim() ? ': ' + stderr.trim().split('\\n').slice(-1)[0] : '') }); } };
child.on('error', (e) => fail(e.code === 'ENOENT' ? command + ' not found: Panther rules need Python 3.9 or later (set TRAILPROOF_PYTHON to choose one)' : command + ' failed to start (' + e.message + ')'));
child.on('exit', (code, sig) => fail(command + ' exited (' + (sig ?? 'code ' + code) + ')'));
port.on('message', (line) => child.stdin.write(line + '\\n'));
`;

/** How long one answer may take before the runner is given up on. */
const ANSWER_TIMEOUT_MS = 10 * 60_000;

/** A runner process answering request lines synchronously. */
export class SyncRunner {
  private readonly port: MessagePort;
  private readonly flag: Int32Array;
  private readonly worker: Worker;
  private failure: string | null = null;

  constructor(command: string, args: readonly string[]) {
    const signal = new SharedArrayBuffer(4);
    this.flag = new Int32Array(signal);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(HELPER, { eval: true, workerData: { signal, port: port2, command, args }, transferList: [port2] });
    this.worker.unref();
  }

  /** Sends one line and returns the answer line; throws when the runner died or did not answer. */
  call(line: string): string {
    if (this.failure !== null) throw new Error(this.failure);
    this.port.postMessage(line);
    const deadline = Date.now() + ANSWER_TIMEOUT_MS;
    for (;;) {
      const seen = Atomics.load(this.flag, 0);
      const got = receiveMessageOnPort(this.port) as { message: { line?: string; fatal?: string } } | undefined;
      if (got !== undefined) {
        if (got.message.line !== undefined) return got.message.line;
        this.failure = got.message.fatal ?? 'the runner stopped';
        throw new Error(this.failure);
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        this.close();
        this.failure = `the runner did not answer in ${ANSWER_TIMEOUT_MS / 1000} s`;
        throw new Error(this.failure);
      }
      Atomics.wait(this.flag, 0, seen, left);
    }
  }

  /** Stops the helper thread (and so the runner). */
  close(): void {
    void this.worker.terminate();
    this.port.close();
  }
}
