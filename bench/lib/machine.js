// Describes the machine a benchmark ran on: CPU, cores, memory, Node and zlib versions, load.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';

/** @returns {Record<string, string | number | number[]>} */
export function machine() {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) cpu = m[1].trim();
  } catch {
    // Not Linux: keep os.cpus()'s model.
  }
  let zlibSync = 'not installed';
  try {
    zlibSync = createRequire(import.meta.url)('zlib-sync').ZLIB_VERSION;
  } catch {
    // zlib-sync is a devDependency; its row is skipped when absent.
  }
  return {
    cpu,
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    zlib: process.versions.zlib,
    zlibSync,
    loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}
