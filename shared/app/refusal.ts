import type { Refusal } from '../domain/lifecycle.js';

/** A field of the request that a refusal names (e.g. `body.procedureCode`). */
export interface FieldRefusal {
  path: string;
  message: string;
}

/** `unavailable`: a service the use case depends on (the payment platform) did not do its part; nothing was changed, try again. */
export type RefusalKind = Refusal['kind'] | 'not-found' | 'unavailable';

/**
 * Why a use case did not do what was asked, in the application's words: the caller may not
 * (forbidden), the thing is not there or not visible (not-found), the state does not allow it
 * (conflict), or the input is wrong (invalid). The HTTP layer
 * answers each with its status and problem+json; nothing was changed.
 */
export class Refused extends Error {
  constructor(
    readonly kind: RefusalKind,
    readonly detail: string,
    readonly fields?: FieldRefusal[],
  ) {
    super(detail);
  }
}

export const refused = (refusal: Refusal): Refused => new Refused(refusal.kind, refusal.detail);
