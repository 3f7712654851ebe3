import { officials } from '../../../shared/composition/officials.js';
import { routes } from '../../../shared/http/api/officials.js';
import { httpHandler } from '../../../shared/http/handler.js';

/** Appoints, moves or disables an official: 201 when created, 200 when changed. */
export const handler = httpHandler(routes.put, async ({ actor, params, body, requestContext }) => {
  const { official, created } = await officials.put(actor, requestContext, params.p, params.username, body);
  return { status: created ? 201 : 200, body: official };
});
