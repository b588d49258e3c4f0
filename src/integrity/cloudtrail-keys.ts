/**
 * `PublicKeyProvider` backed by CloudTrail `ListPublicKeys` (`@aws-sdk/client-cloudtrail`).
 *
 * Keys are per region, so the provider asks the region that delivered the digest. It follows
 * `NextToken` although the SDK calls it "reserved for future use" and the AWS CLI's validator never
 * pages: the CLI reference lists the operation as paginated.
 */
import { CloudTrailClient, ListPublicKeysCommand } from '@aws-sdk/client-cloudtrail';
import { requestHandlerOptions } from '../aws/client-options.js';
import type { PublicKeyProvider, PublicKeyRecord } from './public-keys.js';

/** Options of `CloudTrailPublicKeyProvider`. */
export interface CloudTrailPublicKeyProviderOptions {
  /**
   * Returns a client for a region. Called once per region; the provider keeps the client. Defaults to
   * `new CloudTrailClient({ region })` with the default credential chain and timeouts.
   */
  readonly clientForRegion?: (region: string) => CloudTrailClient;
}

/** Fetches keys with `ListPublicKeys(StartTime, EndTime)` in the digest's delivering region. */
export class CloudTrailPublicKeyProvider implements PublicKeyProvider {
  private readonly clientForRegion: (region: string) => CloudTrailClient;
  private readonly clients = new Map<string, CloudTrailClient>();

  /** @param options how to build a client per region. */
  constructor(options: CloudTrailPublicKeyProviderOptions = {}) {
    this.clientForRegion = options.clientForRegion ?? ((region) => new CloudTrailClient({ region, requestHandler: requestHandlerOptions({}) }));
  }

  /** Every page of `ListPublicKeys` for the range; entries without a value or fingerprint are dropped. */
  async listKeys(region: string, start: Date, end: Date): Promise<readonly PublicKeyRecord[]> {
    let client = this.clients.get(region);
    if (client === undefined) {
      client = this.clientForRegion(region);
      this.clients.set(region, client);
    }
    const out: PublicKeyRecord[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new ListPublicKeysCommand({ StartTime: start, EndTime: end, NextToken: token }));
      for (const k of page.PublicKeyList ?? []) {
        if (k.Value === undefined || k.Fingerprint === undefined) continue;
        out.push({
          fingerprint: k.Fingerprint.toLowerCase(),
          der: k.Value,
          validityStart: k.ValidityStartTime ?? null,
          validityEnd: k.ValidityEndTime ?? null,
        });
      }
      token = page.NextToken !== undefined && page.NextToken !== '' ? page.NextToken : undefined;
    } while (token !== undefined);
    return out;
  }

  /** Destroys the clients this provider obtained (their sockets would otherwise linger). */
  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }
}
