/**
 * The two mapping hooks EQL needs (prefilter literals, sequence join keys) from one fact the mapping
 * knows: which CloudTrail paths an ECS field is a verbatim copy of (`sourcePaths` in
 * src/dialects/mapping/ecs/; undefined for derived fields). A field copied from several paths (`user.name`
 * from `userIdentity.userName`, else the session issuer's, M3) takes the first that has a value.
 */
import { verbatimLiterals } from './literals.js';
import type { LiteralsFor } from './literals.js';
import type { JoinKeySourceLookup } from './replay.js';

/** `literalsFor` and `joinKeySource` for `compileEqlForReplay`, from the mapping's source paths. */
export function mappingHooks(sourcePaths: (field: string) => readonly string[] | undefined): { literalsFor: LiteralsFor; joinKeySource: JoinKeySourceLookup } {
  return {
    literalsFor: verbatimLiterals((field) => sourcePaths(field) !== undefined),
    joinKeySource: (field) => {
      const paths = sourcePaths(field);
      if (paths === undefined || paths.length === 0) return null;
      return { paths, value: (values) => values.find((v) => v !== null) ?? null };
    },
  };
}
