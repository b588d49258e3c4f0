import { cwlDialect } from '../../src/dialects/cwl/index.js';
const text = JSON.stringify({ Resources: { G: { Type: 'AWS::Logs::MetricFilter', Properties: { FilterPattern: '"ERROR" \t@' } } } }, null, 2);
const lines = text.split('\n'); console.log(lines[5]); console.log(lines[5]!.indexOf('@')+1);
const r = cwlDialect.load({ path: 'c.json', text }, {});
console.log(r.diagnostics);
