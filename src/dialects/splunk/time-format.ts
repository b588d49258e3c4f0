/** strftime-style formatting of epoch seconds, in UTC (decided: a replay has no user time zone). */
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Formats `%Y %m %d %H %M %S %y %b %j %%`; other directives are copied as written. */
export function formatTime(epochSeconds: number, format: string): string {
  const d = new Date(Math.floor(epochSeconds * 1000));
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const start = Date.UTC(d.getUTCFullYear(), 0, 1);
  return format.replace(/%([YmdHMSybj%])/g, (_, c: string) => {
    switch (c) {
      case 'Y': return String(d.getUTCFullYear());
      case 'y': return pad(d.getUTCFullYear() % 100);
      case 'm': return pad(d.getUTCMonth() + 1);
      case 'd': return pad(d.getUTCDate());
      case 'H': return pad(d.getUTCHours());
      case 'M': return pad(d.getUTCMinutes());
      case 'S': return pad(d.getUTCSeconds());
      case 'b': return months[d.getUTCMonth()]!;
      case 'j': return pad(Math.floor((d.getTime() - start) / 86400000) + 1, 3);
      default: return '%';
    }
  });
}
