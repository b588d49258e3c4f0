// CLI conventions: colour only on a terminal without NO_COLOR (https://no-color.org), the format default
// (table on a terminal, JSON in a pipe, or from --output's extension), and the progress line only when
// stderr is a terminal.
import { PassThrough } from 'node:stream';
import t from 'tap';
import { chooseFormat, ProgressLine, useColor, type CliIO } from '../../src/cli/output.js';

function io(stdoutTTY: boolean, stderrTTY: boolean, env: Record<string, string> = {}): CliIO & { err: () => string } {
  const stdout = Object.assign(new PassThrough(), { isTTY: stdoutTTY });
  const stderr = Object.assign(new PassThrough(), { isTTY: stderrTTY });
  let err = '';
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  return { stdout, stderr, env, err: () => err };
}

t.test('format defaults', async (t) => {
  t.equal(chooseFormat(undefined, undefined, io(true, true)), 'table');
  t.equal(chooseFormat(undefined, undefined, io(false, false)), 'json');
  t.equal(chooseFormat(undefined, 'r.md', io(true, true)), 'markdown');
  t.equal(chooseFormat(undefined, 'r.xml', io(true, true)), 'junit');
  t.equal(chooseFormat(undefined, 'r.json', io(true, true)), 'json');
  t.equal(chooseFormat('junit', 'r.json', io(true, true)), 'junit', '--format wins');
  t.throws(() => chooseFormat('yaml', undefined, io(true, true)), /invalid --format 'yaml'/);
});

t.test('colour', async (t) => {
  t.equal(useColor(io(true, true), false), true);
  t.equal(useColor(io(true, true, { NO_COLOR: '1' }), false), false);
  t.equal(useColor(io(true, true, { NO_COLOR: '' }), false), true, 'an empty NO_COLOR does not count');
  t.equal(useColor(io(false, true), false), false);
  t.equal(useColor(io(true, true), true), false, 'never into a file');
});

t.test('progress goes to a terminal stderr only', async (t) => {
  const p = { objectsDone: 3, objectsListed: 10, bytesDone: 3e6, bytesListed: 1e7, records: 1500, listingDone: true };
  const tty = io(false, true);
  const line = new ProgressLine(tty, false);
  line.update(p);
  t.match(tty.err(), /objects 3\/10 {2}3\.0\/10\.0 MB {2}\d+ records\/s ETA \d+s/);
  line.done();
  t.match(tty.err(), /\r\x1b\[2K$/, 'cleared at the end');
  const pipe = io(false, false);
  new ProgressLine(pipe, false).update(p);
  t.equal(pipe.err(), '', 'nothing when stderr is not a terminal');
  const quiet = io(false, true);
  new ProgressLine(quiet, true).update(p);
  t.equal(quiet.err(), '', 'nothing with --quiet');
});
