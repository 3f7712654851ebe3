import * as z from 'zod/mini';
import { DOSSIER_EVENT_TYPES, type DossierEventType } from '../../domain/events.js';
import { CHANNELS, DEPARTMENTS, DOCUMENT_KINDS, STATUSES, STEPS } from '../../domain/model.js';

/*
 * Every answer of the API, as zod/mini schemas, by resource (shared/http/answers/<resource>.ts),
 * each named in one registry: /openapi.json documents them, the contract tests validate the
 * answers against that document, and the views are typed by them. Only the OpenAPI document
 * imports these modules at run time; handlers import their types, so their bundles do not carry
 * them. A route names its answers by their id (shared/http/route.ts).
 */

/** The named schemas of the contract, each answered under #/components/schemas/<id>. */
export const contract = z.registry<{ id: string; description?: string }>();

/** Marks, in its type only, the id a schema is named under, so that a route's answers name only schemas that exist. */
declare const answerId: unique symbol;
export type Named<Id extends string> = { readonly [answerId]?: Id };

/** The ids of the named schemas a module of answers exports. */
export type NamesIn<M> = { [K in keyof M]: M[K] extends Named<infer Id> ? Id : never }[keyof M];

/** Registers a schema of the contract under its id. */
export function named<Id extends string, S extends z.ZodMiniType>(id: Id, description: string, schema: S): S & Named<Id> {
  contract.add(schema, { id, description });
  return schema;
}

export const instant = named('Instant', 'An instant in ISO 8601 with its offset, +07:00 (Asia/Ho_Chi_Minh)', z.iso.datetime({ offset: true }));
export const localDate = named('LocalDate', 'A calendar date in Vietnam, YYYY-MM-DD', z.iso.date());
export const department = named('Department', 'A specialised department of the commune', z.enum(DEPARTMENTS));
export const office = named('Office', 'A department, or the one-stop desk', z.enum([...DEPARTMENTS, 'DESK']));
export const officialName = named(
  'OfficialName',
  "The official's name as it was when they acted, beside the account that names them; absent on records made before tokens carried names and on the system's own steps",
  z.string(),
);
export const status = named('Status', 'Where the dossier stands', z.enum(STATUSES));
export const step = named('Step', 'An internal step while IN_PROCESSING', z.enum(STEPS));
export const channel = named('Channel', 'How the dossier was submitted', z.enum(CHANNELS));
export const timeliness = named('Timeliness', 'How a completed step or dossier compares with its deadline', z.enum(['EARLY', 'ON_TIME', 'LATE']));
export const standing = named(
  'TimelinessNow',
  'How a dossier stands against its appointment: EARLY, ON_TIME or LATE once completed; ON_TRACK, AT_RISK (due within the next working day) or OVERDUE while open',
  z.enum(['EARLY', 'ON_TIME', 'LATE', 'ON_TRACK', 'AT_RISK', 'OVERDUE']),
);
export const count = z.int().check(z.gte(0));

export const procedureRef = named('ProcedureRef', 'A procedure of the catalogue, by code and name', z.strictObject({ code: z.string(), name: z.string() }));
export const document = named(
  'Document',
  'A document of the dossier',
  z.strictObject({ name: z.string(), kind: z.enum(DOCUMENT_KINDS), count: z.int().check(z.gte(1)) }),
);

export const processing = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('WORKING_DAYS'), days: z.number() }),
  z.strictObject({ kind: z.literal('SAME_DAY') }),
]);

export const sha256 = named('Sha256', 'A SHA-256 digest in lowercase hex', z.string().check(z.regex(/^[0-9a-f]{64}$/)));
export const nationalStatus = z.int().check(z.gte(1), z.lte(10));
export const nextCursor = named('NextCursor', 'Where the next page starts; null on the last page', z.nullable(z.string()));
export const eventType = named('DossierEventType', 'What happened to a dossier', z.enum(DOSSIER_EVENT_TYPES as [DossierEventType, ...DossierEventType[]]));

export const problemAnswer = named(
  'Problem',
  'RFC 9457 problem details',
  z.strictObject({
    type: z.url(),
    title: z.string(),
    status: z.int().check(z.gte(400), z.lte(599)),
    detail: z.string(),
    errors: z.optional(z.array(z.strictObject({ path: z.string(), message: z.string() }))),
  }),
);
