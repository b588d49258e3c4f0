/**
 * HTML escaping for the review page. Every string from a record (user agents above all) is
 * attacker-controlled, so text and attribute values escape all five markup characters, and C0/C1
 * control characters (which HTML forbids in text, https://html.spec.whatwg.org/#text-content) become
 * U+FFFD.
 */
const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content or a double-quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '\ufffd');
}
