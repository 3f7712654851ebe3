import { officials } from '../../../shared/composition/officials.js';
import { routes } from '../../../shared/http/api/officials.js';
import { httpHandler } from '../../../shared/http/handler.js';

/** Removes an official's account, after signing them out everywhere. */
export const handler = httpHandler(routes.remove, async ({ actor, params, requestContext }) => {
  await officials.remove(actor, requestContext, params.p, params.username);
  return { status: 204 };
});
