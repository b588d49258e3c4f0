/**
 * Diagnostic codes of the EventBridge dialect (the `TP5xxx` range), listed in docs/eventbridge.md.
 * Tests assert on codes, so the wording can change without breaking them.
 */
export const EventBridgeCode = {
  /** A pattern EventBridge would reject (`InvalidEventPatternException`); the message carries AWS's reason. */
  invalidPattern: 'TP5001',
  /** The rule file itself is not JSON. */
  fileSyntax: 'TP5002',
  /** A rule's `EventPattern` is neither a JSON string nor an object. */
  badEventPattern: 'TP5003',
  /** A pattern longer than the default 2048-character quota (accepted only where the quota was raised). */
  overDefaultLength: 'TP5004',
  /** The file holds no event pattern. */
  noPatterns: 'TP5005',
} as const;
