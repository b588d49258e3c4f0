// asl-validator@4 ships no type declarations; the part the deploy test uses.
declare module 'asl-validator' {
  export default function validate(definition: unknown): { isValid: boolean; errors: unknown[]; errorsText(separator?: string): string };
}
