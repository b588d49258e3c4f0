import t from 'tap';
import { parseTime } from '../../src/cli/time.js';

const now = new Date('2026-11-27T12:00:00Z');

t.equal(parseTime('2026-01-31', now).toISOString(), '2026-01-31T00:00:00.000Z', 'a bare date is midnight UTC');
t.equal(parseTime('2026-01-31T12:30:00Z', now).toISOString(), '2026-01-31T12:30:00.000Z');
t.equal(parseTime('2026-01-31T12:30:00+02:00', now).toISOString(), '2026-01-31T10:30:00.000Z');
t.equal(parseTime('30d', now).toISOString(), '2026-10-28T12:00:00.000Z');
t.equal(parseTime('12h', now).toISOString(), '2026-11-27T00:00:00.000Z');
t.equal(parseTime('2w', now).toISOString(), '2026-11-13T12:00:00.000Z');
t.throws(() => parseTime('yesterday', now), /invalid time 'yesterday'/);
t.throws(() => parseTime('2026-13-45', now), /invalid time/);
