/**
 * How a detection's scope reads in the human formats (table, Markdown, JUnit): short names for its
 * categories and the one-line summary, e.g. `scope (inferred): console sign-ins; 7 other root-usage
 * events outside it`.
 */
import { ROOT_USAGE_CATEGORIES, type DetectionReport, type DetectionScope, type RootCategory } from './model.js';

const SHORT: Readonly<Record<RootCategory, string>> = {
  'console-login-success': 'successful sign-ins',
  'console-login-failure': 'failed sign-ins',
  'root-api-call': 'API calls',
  'root-console-action': 'console actions',
  'assume-root-session': 'AssumeRoot sessions',
  'service-on-behalf-of-root': 'service-on-behalf-of-root',
  'root-service-event': 'root-service-event',
  'root-sign-in-other': 'root-sign-in-other',
};

/** The scope's categories in a few words: `all root usage`, `console sign-ins`, `API calls, ...`, `none`. */
export function scopeLabel(scope: DetectionScope): string {
  const cats = new Set(scope.categories);
  if (cats.size === 0) return 'none';
  const names: string[] = [];
  if (ROOT_USAGE_CATEGORIES.every((c) => cats.has(c))) {
    names.push('all root usage');
    for (const c of ROOT_USAGE_CATEGORIES) cats.delete(c);
  } else if (cats.has('console-login-success') && cats.has('console-login-failure')) {
    names.push('console sign-ins');
    cats.delete('console-login-success');
    cats.delete('console-login-failure');
  }
  for (const c of scope.categories) if (cats.has(c)) names.push(SHORT[c]);
  return names.join(', ');
}

/** How many root-usage events it caught inside its scope, and how many it caught outside it. */
export function caughtInScope(d: DetectionReport, categoryOf: (eventID: string) => RootCategory | undefined): { inside: number; outside: number } {
  const scope = new Set(d.scope.categories);
  let inside = 0;
  for (const id of d.caught) {
    const c = categoryOf(id);
    if (c !== undefined && scope.has(c)) inside++;
  }
  return { inside, outside: d.caught.length - inside };
}

/** One line: `scope (inferred): console sign-ins; 7 other root-usage events outside it`, or why it has none. */
export function scopeSummary(d: DetectionReport): string {
  if (!d.rootDetection) return `not a root detection: fired on ${d.falseAlarms.count} other record${d.falseAlarms.count === 1 ? '' : 's'}`;
  const n = d.outOfScope.length;
  const outside = n === 0 ? '' : `; ${n} other root-usage event${n === 1 ? '' : 's'} outside it`;
  const partial = d.scope.partial.length === 0 ? '' : `; fires on some ${d.scope.partial.map((c) => SHORT[c]).join(', ')}`;
  return `scope (${d.scope.source}): ${scopeLabel(d.scope)}${outside}${partial}`;
}
