// A chained correlation over a correlation that does not load (sigma-correlation-rules-specification.md
// "Related rules", "Field Name Aliases"): the outer one does not load either, as with a broken rule.
import t from 'tap';
import { loadWithDialect } from '../helpers/dialect-kit.js';
import { sigmaDialect } from '../../src/dialects/sigma/index.js';
import { dedent } from './helpers.js';

const RULE = (name: string): string =>
  dedent(`
    title: ${name}
    name: ${name}
    logsource: {product: aws, service: cloudtrail}
    detection:
        selection:
            eventName: ConsoleLogin
        condition: selection
  `);

t.test('an inner correlation with an alias missing for one rule: both fail, neither throws', async (t) => {
  const inner = dedent(`
    title: Inner
    name: inner
    correlation:
        type: temporal
        rules: [a, b]
        group-by: [person]
        timespan: 5m
        aliases:
            person:
                a: userIdentity.userName
  `);
  const outer = dedent(`
    title: Outer
    correlation:
        type: event_count
        rules: [inner]
        group-by: [person]
        timespan: 1h
        condition: {gte: 2}
  `);
  const r = loadWithDialect(sigmaDialect, [RULE('a'), RULE('b'), inner, outer].map((text, i) => ({ path: `r${i}.yml`, text })), {});
  t.same(r.correlations, [], 'no correlation loads');
  t.match(r.diagnostics.map((d) => d.message), [/alias 'person' has no field for rule 'b'/, /correlation rule 'inner' \('Inner'\) did not load because of errors/]);
});
