/**
 * Setup-time failures of the integrity checker (bad options, unreadable key files). Problems found in
 * the archive itself are never thrown: they are `IntegrityProblem`s in the report.
 */

/** A failure before any verification started. */
export class IntegrityError extends Error {
  readonly kind: 'invalid-options' | 'invalid-key-file';
  constructor(kind: IntegrityError['kind'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IntegrityError';
    this.kind = kind;
  }
}

