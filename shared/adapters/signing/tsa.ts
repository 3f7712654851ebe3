import type { TimestampAuthority } from '../../domain/signing.js';
import { timestampRequest, timestampToken } from './cms.js';
import { ProviderFault } from './csc.js';

const REQUEST_TIMEOUT_MS = 10_000;

/** An RFC 3161 timestamp authority over HTTP (application/timestamp-query). */
export function httpTimestampAuthority(url: string): TimestampAuthority {
  return {
    async timestamp(data) {
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/timestamp-query' },
          body: timestampRequest(data),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
      } catch {
        throw new ProviderFault('the timestamp authority could not be reached in time');
      }
      if (!response.ok) throw new ProviderFault(`the timestamp authority refused (HTTP ${response.status})`);
      try {
        return timestampToken(Buffer.from(await response.arrayBuffer()));
      } catch (error) {
        throw new ProviderFault(`the timestamp authority's answer is unusable: ${(error as Error).message}`);
      }
    },
  };
}
