/**
 * Dialects as data, for worker threads. Objects with methods do not cross threads, so a run's plan
 * names each dialect it loaded with, and a worker finds it again: a registered dialect by its id, a
 * library user's dialect by importing the module it names (`Dialect.module`).
 */
import type { Dialect, DialectModule } from './types.js';

/** One dialect of a run, as a worker receives it. */
export interface DialectRef {
  readonly id: string;
  /** True for a dialect of the registry (`DIALECTS`): the worker has it already. */
  readonly registered: boolean;
  /** Where a library user's dialect is to be imported from; null when it said nowhere. */
  readonly module: DialectModule | null;
}

/** The reference a worker rebuilds `dialect` from. */
export function refOf(dialect: Dialect, registered: readonly Dialect[]): DialectRef {
  return { id: dialect.id, registered: registered.includes(dialect), module: dialect.module ?? null };
}

/** Ids of the dialects a worker thread could not rebuild (neither registered nor importable). */
export function unreachableDialects(refs: readonly DialectRef[]): string[] {
  return refs.filter((r) => !r.registered && r.module === null).map((r) => r.id);
}

/**
 * Imports a dialect's module. One written in TypeScript (a test's, or a library user's in development)
 * goes through tsx, which worker threads do not inherit from the main thread's `--import`; the
 * specifier is a variable so that bundles never include it.
 */
async function importModule(url: string): Promise<Record<string, unknown>> {
  if (!/\.[cm]?ts$/.test(new URL(url).pathname)) return (await import(url)) as Record<string, unknown>;
  const tsx = 'tsx/esm/api';
  const api = (await import(tsx)) as { tsImport(specifier: string, parent: string): Promise<Record<string, unknown>> };
  return api.tsImport(url, import.meta.url);
}

function isDialect(value: unknown): value is Dialect {
  if (typeof value !== 'object' || value === null) return false;
  const d = value as Partial<Record<keyof Dialect, unknown>>;
  return typeof d.id === 'string' && typeof d.claims === 'object' && typeof d.parse === 'function' && typeof d.compile === 'function';
}

/** The dialects `refs` name, in the same order; throws with the dialect's id when one cannot be found. */
export async function resolveDialects(refs: readonly DialectRef[], registered: readonly Dialect[]): Promise<Dialect[]> {
  const out: Dialect[] = [];
  for (const ref of refs) {
    if (ref.registered) {
      const found = registered.find((d) => d.id === ref.id);
      if (found === undefined) throw new Error(`dialect '${ref.id}' is not registered in this thread`);
      out.push(found);
      continue;
    }
    if (ref.module === null) throw new Error(`dialect '${ref.id}' names no module a worker thread can import (Dialect.module)`);
    const loaded = await importModule(ref.module.url);
    const value = loaded[ref.module.export];
    if (!isDialect(value) || value.id !== ref.id) {
      throw new Error(`${ref.module.url} exports no dialect '${ref.id}' named ${ref.module.export}`);
    }
    out.push(value);
  }
  return out;
}
