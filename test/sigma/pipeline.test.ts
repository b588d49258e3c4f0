// Field mapping: a subset of pySigma's processing-pipeline YAML (docs/sigma.md "Field mapping");
// RULES "Field Usage" says field names may be mapped.
import t from 'tap';
import { loadWithDialect } from '../helpers/dialect-kit.js';
import { parseSigmaRule, sigmaDialect } from '../../src/dialects/sigma/index.js';
import { dedent, ruleText } from './helpers.js';

const ECS_RULE = ruleText(`
  selection:
      event.action: ConsoleLogin
      aws.cloudtrail.user_identity.type: Root
      user.name: root
  condition: selection
`);

const ECS_PIPELINE = {
  path: 'ecs.yml',
  text: dedent(`
    name: ecs to raw cloudtrail
    priority: 20
    transformations:
        - id: names
          type: field_name_mapping
          mapping:
              event.action: eventName
              user.name:
                  - userIdentity.userName
                  - userIdentity.sessionContext.sessionIssuer.userName
          rule_conditions:
              - type: logsource
                product: aws
        - type: field_name_prefix_mapping
          mapping:
              aws.cloudtrail.user_identity.: userIdentity.
  `),
};

t.test('field_name_mapping and field_name_prefix_mapping map rule names onto CloudTrail paths', async (t) => {
  const r = parseSigmaRule(ECS_RULE, { fieldMappings: [ECS_PIPELINE] });
  t.ok(r.matches({ eventName: 'ConsoleLogin', userIdentity: { type: 'Root', userName: 'root' } }));
  t.ok(
    r.matches({ eventName: 'ConsoleLogin', userIdentity: { type: 'Root', sessionContext: { sessionIssuer: { userName: 'root' } } } }),
    'a field mapped to a list matches on any of the paths',
  );
  t.notOk(r.matches({ 'event.action': 'ConsoleLogin', userIdentity: { type: 'Root', userName: 'root' } }));
  const unmapped = parseSigmaRule(ECS_RULE);
  t.ok(unmapped.matches({ event: { action: 'ConsoleLogin' }, aws: { cloudtrail: { user_identity: { type: 'Root' } } }, user: { name: 'root' } }), 'without a pipeline names are used as written');
});

t.test('rule_conditions restrict a transformation to rules of a log source', async (t) => {
  const gcp = ECS_PIPELINE.text.replace('product: aws', 'product: gcp');
  const r = parseSigmaRule(ECS_RULE, { fieldMappings: [{ path: 'gcp.yml', text: gcp }] });
  t.notOk(r.matches({ eventName: 'ConsoleLogin', userIdentity: { type: 'Root', userName: 'root' } }), 'the name mapping did not apply');
  t.ok(r.matches({ event: { action: 'ConsoleLogin' }, userIdentity: { type: 'Root' }, user: { name: 'root' } }), 'the prefix mapping (no condition) did');
});

t.test('pipelines apply in priority order, each on the names the previous produced (pySigma)', async (t) => {
  const first = { path: '1.yml', text: 'name: a\npriority: 10\ntransformations:\n  - type: field_name_mapping\n    mapping: {evt: event.action}\n' };
  const second = { path: '2.yml', text: 'name: b\npriority: 20\ntransformations:\n  - type: field_name_mapping\n    mapping: {event.action: eventName}\n' };
  const text = ruleText(`\n  sel: {evt: ConsoleLogin}\n  condition: sel\n`);
  t.ok(parseSigmaRule(text, { fieldMappings: [second, first] }).matches({ eventName: 'ConsoleLogin' }));
});

t.test('correlation group-by and value fields go through the mapping of the referenced rule', async (t) => {
  const files = [
    { path: 'r.yml', text: dedent(`
      title: Failed login
      name: failed
      logsource: {product: aws, service: cloudtrail}
      detection:
          sel: {event.action: ConsoleLogin}
          condition: sel
      ---
      title: Spray
      correlation:
          type: value_count
          rules: [failed]
          group-by: [source.ip]
          timespan: 1h
          condition: {field: user.name, gte: 5}
    `) },
  ];
  const mapping = { path: 'm.yml', text: 'name: m\ntransformations:\n  - type: field_name_mapping\n    mapping: {event.action: eventName, source.ip: sourceIPAddress, user.name: userIdentity.userName}\n' };
  const r = loadWithDialect(sigmaDialect, files, { fieldMappings: [mapping] });
  t.same(r.diagnostics, []);
  t.same(r.correlations[0]!.fields, ['sourceIPAddress', 'userIdentity.userName']);
});

t.test('pipeline problems are diagnostics on the pipeline file; supported parts still apply', async (t) => {
  const bad = {
    path: 'bad.yml',
    text: 'name: bad\ntransformations:\n  - type: drop_detection_item\n  - type: field_name_mapping\n    mapping: {evt: eventName}\n',
  };
  const r = loadWithDialect(sigmaDialect, [{ path: 'r.yml', text: ruleText(`\n  sel: {evt: X}\n  condition: sel\n`) }], { fieldMappings: [bad] });
  t.match(r.diagnostics, [{ file: 'bad.yml', code: 'TP3016', line: 3, message: /unsupported transformation type 'drop_detection_item'/ }]);
  t.equal(r.detections.length, 1);
});
