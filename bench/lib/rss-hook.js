// Preloaded with `node --import` when /usr/bin/time is unavailable: writes this process's peak RSS
// (KiB, from getrusage via process.resourceUsage) to $BENCH_RSS_FILE at exit. Worker threads share the
// process, so their memory is included.
import { writeFileSync } from 'node:fs';

const target = process.env.BENCH_RSS_FILE;
if (target) {
  process.on('exit', () => {
    writeFileSync(target, String(process.resourceUsage().maxRSS));
  });
}
