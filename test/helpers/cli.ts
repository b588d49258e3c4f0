/**
 * Runs the built `trailproof` binary (dist/cli/bin.js, built by `npm test` before tap runs) as a child
 * process, the way users run it.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = fileURLToPath(new URL('../../dist/cli/bin.js', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `trailproof <args>` in the repo root (or `cwd`) with NO_COLOR unset unless given; `stdin` is piped in. */
export function runCli(args: readonly string[], options: { cwd?: string; env?: Record<string, string>; stdin?: Uint8Array | string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, ...options.env };
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? REPO, env, stdio: ['pipe', 'pipe', 'pipe'] });
    // Standard input ends at once when nothing is piped in, as with /dev/null.
    child.stdin.on('error', () => undefined); // a child that exits without reading: EPIPE, not a test failure
    child.stdin.end(options.stdin ?? '');
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
