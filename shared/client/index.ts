import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, operations, paths } from './openapi.js';

/*
 * A typed client of the API, from the types generated out of /openapi.json: paths, parameters,
 * bodies and answers are checked by the compiler. It runs in a browser (the staff console) as
 * in Node: nothing here imports a Node module.
 */

export type { components, operations, paths };
/** The named answer and problem schemas of the contract, e.g. `Schemas['Dossier']`. */
export type Schemas = components['schemas'];
export type ApiClient = Client<paths>;

export interface ApiClientOptions extends ClientOptions {
  /** The API's base URL, e.g. the stack's ApiUrl output or the local runtime's URL. */
  baseUrl: string;
  /** The bearer token of each request, read when the request is made (it may be refreshed meanwhile). */
  token?: () => string | undefined | Promise<string | undefined>;
}

export function createApiClient({ token, ...options }: ApiClientOptions): ApiClient {
  const client = createClient<paths>(options);
  if (token) {
    client.use({
      async onRequest({ request }) {
        const value = await token();
        if (value && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${value}`);
        return request;
      },
    });
  }
  return client;
}
