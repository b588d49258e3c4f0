/**
 * The S3 key layout CloudTrail delivers log files under, built and parsed back.
 *
 * `AWSLogs/[<o-id>/]<account>/CloudTrail/<region>/<YYYY>/<MM>/<DD>/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<16 chars>.json.gz`
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-examples.html); the
 * timestamp is the delivery minute in UTC, and the folder date is that minute's date.
 */

/** The parts of a log-file key. */
export interface LogFileKey {
  readonly orgId: string | null;
  readonly accountId: string;
  readonly region: string;
  /** Delivery minute, epoch milliseconds. */
  readonly deliveryMs: number;
  /** The 16-character unique string (meaningless, kept for round trips). */
  readonly unique: string;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/** Builds the key (a relative POSIX path) of a log file. */
export function logFileKey(k: LogFileKey): string {
  const d = new Date(k.deliveryMs);
  const yyyy = `${d.getUTCFullYear()}`;
  const mm = pad2(d.getUTCMonth() + 1);
  const dd = pad2(d.getUTCDate());
  const stamp = `${yyyy}${mm}${dd}T${pad2(d.getUTCHours())}${pad2(d.getUTCMinutes())}Z`;
  const org = k.orgId === null ? '' : `${k.orgId}/`;
  return `AWSLogs/${org}${k.accountId}/CloudTrail/${k.region}/${yyyy}/${mm}/${dd}/${k.accountId}_CloudTrail_${k.region}_${stamp}_${k.unique}.json.gz`;
}

const KEY_RE =
  /(?:^|\/)AWSLogs\/(?:(o-[a-z0-9]{10,32})\/)?(\d{12})\/CloudTrail\/([a-z0-9-]+)\/(\d{4})\/(\d{2})\/(\d{2})\/(\d{12})_CloudTrail_([a-z0-9-]+)_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z_([A-Za-z0-9]{16})\.json\.gz$/;

/**
 * Parses a log-file key (or a path ending in one) back into its parts; null when it is not in the
 * layout or its parts disagree (folder and file name naming different accounts, regions or dates).
 */
export function parseLogFileKey(path: string): LogFileKey | null {
  const m = KEY_RE.exec(path.replaceAll('\\', '/'));
  if (m === null) return null;
  const [, org, account, region, y, mo, d, account2, region2, fy, fmo, fd, hh, mi, unique] = m as unknown as string[];
  if (account !== account2 || region !== region2 || y !== fy || mo !== fmo || d !== fd) return null;
  const deliveryMs = Date.UTC(Number(fy), Number(fmo) - 1, Number(fd), Number(hh), Number(mi));
  if (Number.isNaN(deliveryMs)) return null;
  return { orgId: org ?? null, accountId: account as string, region: region as string, deliveryMs, unique: unique as string };
}
