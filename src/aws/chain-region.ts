/**
 * The region the SDK's own chain finds (environment, the profile's `region`), as a lazy provider for a
 * client's `region` setting, with what to do when the chain finds none. A throwaway client of the same
 * service resolves the chain, so that only public SDK API is used; resolved once.
 */

/** What the chain needs of a throwaway client. */
export interface RegionProbe {
  readonly config: { region: () => Promise<string> };
  destroy(): void;
}

/** A provider: the chain's region, else `orElse()` (which may throw a clear error). */
export function chainRegion(makeProbe: () => RegionProbe, orElse: () => string): () => Promise<string> {
  let resolved: Promise<string> | undefined;
  return () => {
    resolved ??= (async () => {
      const probe = makeProbe();
      try {
        return await probe.config.region();
      } catch {
        return orElse();
      } finally {
        probe.destroy();
      }
    })();
    return resolved;
  };
}
