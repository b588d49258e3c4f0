/**
 * Keeps error messages short: an exception's message may quote a rule's literal (a 64 KB value), and
 * repeating that for every file buries the report.
 */

/**
 * Longest message kept whole: room for an S3 URI, the retries and the SDK's own reason (about 400
 * characters), far below a 64 KB literal.
 */
export const MAX_MESSAGE_LENGTH = 1000;

/** `message` cut to `max` code units plus a note of how much was cut; never splits a surrogate pair. */
export function truncateMessage(message: string, max = MAX_MESSAGE_LENGTH): string {
  if (message.length <= max) return message;
  let cut = max;
  const c = message.charCodeAt(cut - 1);
  if (c >= 0xd800 && c <= 0xdbff) cut--;
  return `${message.slice(0, cut)}… (${message.length - cut} more characters)`;
}
