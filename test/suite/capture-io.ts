/**
 * A CliIO whose stdout and stderr collect text, for driving the commands in-process.
 */
import { Writable } from 'node:stream';
import type { CliIO } from '../../src/cli/output.js';

/** Collected output plus the CliIO that writes to it. */
export interface CapturedIO {
  readonly io: CliIO;
  stdout(): string;
  stderr(): string;
}

function sink(into: string[]): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      into.push(chunk.toString());
      done();
    },
  });
}

/** A non-TTY CliIO with NO_COLOR set, so output is plain. */
export function captureIO(): CapturedIO {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: sink(out), stderr: sink(err), env: { NO_COLOR: '1' } },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}
