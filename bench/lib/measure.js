// Runs one benchmark command as a child process and measures wall time and peak RSS.
//
// Peak RSS comes from GNU time (`/usr/bin/time -v`, "Maximum resident set size") when installed, else,
// for Node commands, from lib/rss-hook.js preloaded with --import; otherwise it is unknown (null).

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

const GNU_TIME = '/usr/bin/time';
const HOOK = fileURLToPath(new URL('./rss-hook.js', import.meta.url));

/** Whether GNU time is available for RSS measurement. */
export const hasGnuTime = existsSync(GNU_TIME);

/**
 * Runs `command args...`; resolves with its exit code, output, wall seconds, peak RSS (KiB or null) and
 * CPU seconds, user + system (GNU time only, else null).
 * @param {string} command
 * @param {string[]} args
 * @param {{ node?: boolean, cwd?: string, env?: NodeJS.ProcessEnv }} [opts] `node`: command is Node (enables the hook fallback)
 */
export function measure(command, args, opts = {}) {
  const tmp = mkdtempSync(join(tmpdir(), 'trailproof-bench-'));
  const rssFile = join(tmp, 'rss');
  let cmd = command;
  let argv = args;
  const env = { ...process.env, ...opts.env };
  if (hasGnuTime) {
    cmd = GNU_TIME;
    argv = ['-v', '-o', rssFile, command, ...args];
  } else if (opts.node) {
    argv = ['--import', pathToFileURL(HOOK).href, ...args];
    env.BENCH_RSS_FILE = rssFile;
  }
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(cmd, argv, { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (err) => {
      rmSync(tmp, { recursive: true, force: true });
      resolve({ code: -1, stdout, stderr: stderr + String(err), seconds: 0, maxRssKiB: null, cpuSeconds: null });
    });
    child.on('close', (code) => {
      const seconds = (performance.now() - t0) / 1000;
      let maxRssKiB = null;
      let cpuSeconds = null;
      if (existsSync(rssFile)) {
        const text = readFileSync(rssFile, 'utf8');
        const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(text);
        maxRssKiB = m ? Number(m[1]) : /^\d+$/.test(text.trim()) ? Number(text.trim()) : null;
        const user = /User time \(seconds\): ([\d.]+)/.exec(text);
        const system = /System time \(seconds\): ([\d.]+)/.exec(text);
        cpuSeconds = user && system ? Number(user[1]) + Number(system[1]) : null;
        // GNU time reports a non-zero exit of the command on its own first line; keep the command's code.
      }
      rmSync(tmp, { recursive: true, force: true });
      resolve({ code: code ?? -1, stdout, stderr, seconds, maxRssKiB, cpuSeconds });
    });
  });
}
