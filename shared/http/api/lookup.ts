import * as z from 'zod/mini';
import { DOSSIER_CODE } from '../../domain/codes.js';
import { resource } from '../route.js';
import { integer } from './common.js';

const route = resource({ name: 'Lookup', description: 'What citizens see without an account: status lookup, the electronic result and rating' });

export const codeParams = z.object({ code: z.string().check(z.maxLength(64), z.regex(DOSSIER_CODE, 'a dossier code')) });
const lookupSecret = z.string().check(z.minLength(1), z.maxLength(200));
export const lookupQuery = z.object({ secret: lookupSecret });
export const lookupBody = z.strictObject({ secret: lookupSecret });
export const ratingBody = z.strictObject({
  secret: lookupSecret,
  score: integer(1, 5),
  comment: z.optional(z.string().check(z.trim(), z.maxLength(1000))),
});

/*
 * A dossier is found by its code and secret, never counted per code (that would let anyone lock a
 * citizen out): guessing is bounded per source address in front of the API (the WAF's rate-based
 * rule on AWS, the local runtime's guard), and each public route has its own throttle.
 */
const tooMany = { 429: 'Too many lookups from this source address' };

/** The GETs that carry the secret in their query, where every proxy and access log keeps it. */
const secretInUrl = (instead: string) =>
  `the secret travels in the URL, which proxies and access logs keep; POST ${instead} with { secret } in the body. Kept for portals written against the first contract.`;

export const routes = {
  get: route({
    name: 'lookup-get',
    method: 'GET',
    path: '/v1/lookup/{code}',
    entry: 'functions/http/lookup/get.ts',
    public:
      'the citizen status lookup, authorized by the dossier code plus the lookup secret handed over at submission, with guessing bounded per source address in front of the API (429), never per code. It returns no personal data.',
    params: codeParams,
    query: lookupQuery,
    // The dossier by code (byCode, then the item).
    access: { table: ['GetItem'], indexes: ['byCode'] },
    summary: 'Public status lookup',
    description: 'By dossier code and lookup secret; no personal data.',
    answers: { 200: 'PublicStatus' },
    more: tooMany,
    deprecated: secretInUrl('/v1/lookup/{code}'),
  }),
  post: route({
    name: 'lookup-post',
    method: 'POST',
    path: '/v1/lookup/{code}',
    entry: 'functions/http/lookup/post.ts',
    public:
      'the citizen status lookup, authorized by the dossier code plus the lookup secret (in the body, never the URL), with guessing bounded per source address in front of the API (429), never per code. It returns no personal data.',
    params: codeParams,
    body: lookupBody,
    // The dossier by code (byCode, then the item); with fees awaited, the province's configuration (its partition) for the commune's account.
    access: { table: ['GetItem', 'Query'], indexes: ['byCode'] },
    summary: 'Public status lookup, the secret in the body',
    description:
      "By dossier code and lookup secret; no personal data. What the citizen's page and the receipt's QR code use. While fees are awaited, `payment` has the amount and the commune's collection account with the VietQR payload of the transfer, as Form 01 prints it.",
    example: { secret: 'the-lookup-secret' },
    answers: { 200: 'PublicStatus' },
    more: tooMany,
  }),
  result: route({
    name: 'lookup-result',
    method: 'GET',
    path: '/v1/lookup/{code}/result',
    entry: 'functions/http/lookup/result.ts',
    public:
      "the citizen's electronic result, authorized like the lookup by the dossier code plus its lookup secret (guessing bounded per source address, never per code), answering only download URLs of the signed result files, valid five minutes.",
    params: codeParams,
    query: lookupQuery,
    // Found as the lookup finds it, its files signed for download.
    access: { table: ['GetItem', 'UpdateItem'], indexes: ['byCode'], files: ['GetObject'] },
    summary: 'The electronic result, for the citizen',
    description:
      'By dossier code and lookup secret, once the result is ready (RESULT_READY or RETURNED): the signed result files with download URLs valid for 5 minutes. 409 before.',
    answers: { 200: 'ElectronicResult' },
    more: { 409: 'The result is not ready yet', ...tooMany },
    deprecated: secretInUrl('/v1/lookup/{code}/result'),
  }),
  resultPost: route({
    name: 'lookup-result-post',
    method: 'POST',
    path: '/v1/lookup/{code}/result',
    entry: 'functions/http/lookup/result-post.ts',
    public:
      "the citizen's electronic result, authorized like the lookup by the dossier code plus its lookup secret in the body (guessing bounded per source address, never per code), answering only download URLs of the signed result files, valid five minutes.",
    params: codeParams,
    body: lookupBody,
    // Found as the lookup finds it, its files signed for download.
    access: { table: ['GetItem', 'UpdateItem'], indexes: ['byCode'], files: ['GetObject'] },
    summary: 'The electronic result, for the citizen, the secret in the body',
    description:
      'By dossier code and lookup secret, once the result is ready (RESULT_READY or RETURNED): the signed result files with download URLs valid for 5 minutes. 409 before.',
    example: { secret: 'the-lookup-secret' },
    answers: { 200: 'ElectronicResult' },
    more: { 409: 'The result is not ready yet', ...tooMany },
  }),
  rating: route({
    name: 'lookup-rating',
    method: 'POST',
    path: '/v1/lookup/{code}/rating',
    entry: 'functions/http/lookup/rating.ts',
    public:
      'the citizen satisfaction rating (Decision 766/QĐ-TTg), authorized like the lookup by the dossier code plus its lookup secret, once per returned dossier. It returns no personal data.',
    params: codeParams,
    body: ratingBody,
    // Found as the lookup finds it; the rating is a conditional UpdateItem of the dossier.
    access: { table: ['GetItem', 'UpdateItem'], indexes: ['byCode'] },
    summary: 'Rate a returned dossier, once',
    description: "The citizen's satisfaction rating (Decision 766/QĐ-TTg), after the result was returned.",
    example: { secret: 'the-lookup-secret', score: 5, comment: 'Nhanh, chu đáo' },
    answers: { 201: 'Rating' },
    more: tooMany,
  }),
};
