// Runs this folder's test files in one process (test/helpers/run-group.ts).
import { runGroup } from '../helpers/run-group.js';

await runGroup(import.meta.url);
