// Runs this folder's test files in one process (test/helpers/group.ts).
import { runGroup } from '../helpers/group.js';

await runGroup(import.meta.url);
