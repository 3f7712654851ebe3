import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Refused, RefusalKind } from '../app/refusal.js';

export interface FieldError {
  path: string;
  message: string;
}

/** The problems the API answers, by status: their title, and their type (PROBLEM_TYPES). */
const TITLES: Record<number, string> = {
  400: 'Invalid request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Content too large',
  415: 'Unsupported media type',
  429: 'Too many requests',
  500: 'Internal error',
};

const problemType = (title: string) => `https://motcua.gov.vn/problems/${title.toLowerCase().replaceAll(' ', '-')}`;
/** A status the API has no title of answers this one. */
const OTHER_TITLE = 'Error';

/** Every problem type the API declares, with its title and status (none: any other): what a client (the console) puts in its own words. */
export const PROBLEM_TYPES: readonly { type: string; title: string; status?: number }[] = [
  ...Object.entries(TITLES).map(([status, title]) => ({ type: problemType(title), title, status: Number(status) })),
  { type: problemType(OTHER_TITLE), title: OTHER_TITLE },
];

/** An RFC 9457 problem: thrown anywhere in a handler, answered as application/problem+json. */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors?: FieldError[],
  ) {
    super(detail);
  }
}

export const badRequest = (detail: string, errors?: FieldError[]) => new Problem(400, detail, errors);
export const unauthorized = (detail = 'a valid bearer token is required') => new Problem(401, detail);
export const forbidden = (detail: string) => new Problem(403, detail);
export const notFound = (detail = 'no such resource') => new Problem(404, detail);
export const conflict = (detail: string) => new Problem(409, detail);

const STATUS_OF: Record<RefusalKind, number> = { invalid: 400, forbidden: 403, 'not-found': 404, conflict: 409, unavailable: 502 };

/** The problem that answers a refusal of the application. */
export const problemOf = (refusal: Refused): Problem => new Problem(STATUS_OF[refusal.kind], refusal.detail, refusal.fields);

/** A problem's RFC 9457 document. */
export function problemDocument(problem: Problem) {
  const title = TITLES[problem.status] ?? OTHER_TITLE;
  return {
    type: problemType(title),
    title,
    status: problem.status,
    detail: problem.detail,
    ...(problem.errors ? { errors: problem.errors } : {}),
  };
}

export function problemResponse(problem: Problem): APIGatewayProxyStructuredResultV2 {
  return { statusCode: problem.status, headers: { 'content-type': 'application/problem+json' }, body: JSON.stringify(problemDocument(problem)) };
}
