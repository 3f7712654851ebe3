import * as z from 'zod/mini';
import { HTTP_ROUTES } from './routes.js';
import {
  calendarBody,
  communeBody,
  createDossierBody,
  listQuery,
  lookupQuery,
  procedureBody,
  reportDateQuery,
  ratingBody,
  statisticsQuery,
  transitionBodies,
} from './schemas.js';

interface Operation {
  summary: string;
  /** Who may call it (JWT claim `roles`). */
  roles?: string;
  query?: z.ZodMiniType;
  body?: z.ZodMiniType;
  success?: number;
  headers?: { name: string; required: boolean; description: string }[];
  /** Further answers than the common ones (e.g. 429 of the public lookup). */
  more?: Record<number, string>;
}

const ifMatch = { name: 'If-Match', required: false, description: 'The dossier version the change is based on ("3"); instead of expectedVersion' };

const transition = (t: keyof typeof transitionBodies, summary: string, roles: string): Operation => ({ summary, roles, body: transitionBodies[t], headers: [ifMatch] });

const OPERATIONS: Record<string, Operation> = {
  'procedures-list': { summary: 'The procedure catalogue of a province' },
  'admin-put-procedure': { summary: 'Publish a new version of a procedure', roles: 'PROVINCE_ADMIN', body: procedureBody },
  'admin-put-commune': { summary: 'Onboard or update a commune', roles: 'PROVINCE_ADMIN', body: communeBody },
  'admin-put-calendar': { summary: "Store a year's days off and make-up working days", roles: 'PROVINCE_ADMIN', body: calendarBody(2026) },
  'dossiers-create': {
    summary: 'Submit a dossier (Idempotency-Key required from PORTAL)',
    roles: 'PORTAL, RECEPTION',
    body: createDossierBody,
    success: 201,
    headers: [{ name: 'Idempotency-Key', required: false, description: 'Required from PORTAL: the same key and body answer the same dossier (8–128 of letters, digits, . _ : -)' }],
  },
  'dossiers-list': { summary: "A commune's worklist", roles: 'commune staff, province roles, PORTAL (own)', query: listQuery },
  'dossiers-get': { summary: 'A dossier with its steps, hand-overs and history', roles: 'commune staff, province roles, PORTAL (own)' },
  'dossiers-form': { summary: 'The data of a form of Circular 03/2025 (01–07)', roles: 'commune staff, province roles, PORTAL (own)' },
  'dossiers-accept': transition('accept', 'Accept at the desk: code, appointment, receipt (Form 01)', 'RECEPTION'),
  'dossiers-request-supplement': transition('request-supplement', 'Ask for missing documents (Form 02); pauses the clock', 'RECEPTION, DEPT_HEAD'),
  'dossiers-supplement': transition('supplement', 'Supply the missing documents', 'PORTAL, RECEPTION'),
  'dossiers-refuse': transition('refuse', 'Refuse to receive (Form 03)', 'RECEPTION'),
  'dossiers-assign': transition('assign', 'Assign a specialist', 'DEPT_HEAD'),
  'dossiers-propose': transition('propose', 'Propose a result after appraisal', 'SPECIALIST (assignee)'),
  'dossiers-review': transition('review', 'Agree, or send the appraisal back', 'DEPT_HEAD'),
  'dossiers-approve': transition('approve', 'Decide: approve or reject with reasons', 'LEADER'),
  'dossiers-issue': transition('issue', 'Register and stamp the result; send it to the desk', 'CLERK'),
  'dossiers-return': transition('return', 'Return the result to the applicant', 'RECEPTION'),
  'dossiers-withdraw': transition('withdraw', 'Withdraw the dossier (Form 05)', 'PORTAL, RECEPTION'),
  'dossiers-extend': transition('extend', 'Apologise and set a new appointment (Form 04)', 'DEPT_HEAD'),
  'reports-commune-sla': { summary: "A commune's SLA-breach report of a day", roles: 'LEADER, DEPT_HEAD, province roles', query: reportDateQuery },
  'reports-province-sla': { summary: "The province's SLA-breach roll-up of a day", roles: 'PROVINCE_ADMIN, PROVINCE_AUDITOR', query: reportDateQuery },
  'reports-statistics': { summary: 'Statistics of a period (JSON or CSV)', roles: 'PROVINCE_ADMIN, PROVINCE_AUDITOR', query: statisticsQuery },
  'lookup-get': { summary: 'Public status lookup; no personal data', query: lookupQuery, more: { 429: 'Too many failed lookups of this code' } },
  'lookup-rating': { summary: 'Rate a returned dossier, once', body: ratingBody, success: 201, more: { 429: 'Too many failed lookups of this code' } },
  openapi: { summary: 'This contract' },
};

const jsonSchema = (schema: z.ZodMiniType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

const problem = { $ref: '#/components/schemas/Problem' };
const errors = (secured: boolean) =>
  Object.fromEntries(
    [[400, 'Invalid input'], ...(secured ? [[401, 'No or bad token'], [403, 'Wrong role or tenant']] : []), [404, 'Unknown'], [409, 'Not allowed in the current state, or a version conflict']].map(
      ([status, description]) => [String(status), { description, content: { 'application/problem+json': { schema: problem } } }],
    ),
  );

/** The portal contract as OpenAPI 3.1, generated from the route table and the request schemas. */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of HTTP_ROUTES) {
    const op = OPERATIONS[route.name];
    if (!op) throw new Error(`route ${route.name} has no OpenAPI description`);
    const parameters = [
      ...[...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } })),
      ...(op.headers ?? []).map((h) => ({ ...h, in: 'header', schema: { type: 'string' } })),
      ...Object.entries((op.query ? (jsonSchema(op.query).properties as Record<string, object> | undefined) : undefined) ?? {}).map(([name, schema]) => ({
        name,
        in: 'query',
        required: ((op.query && (jsonSchema(op.query).required as string[] | undefined)) ?? []).includes(name),
        schema,
      })),
    ];
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = {
      operationId: route.name,
      summary: op.summary,
      ...(op.roles ? { description: `Roles: ${op.roles}.` } : {}),
      ...(route.public ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body) } } } } : {}),
      responses: {
        [String(op.success ?? 200)]: { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } },
        ...errors(!route.public),
        ...Object.fromEntries(Object.entries(op.more ?? {}).map(([status, description]) => [status, { description, content: { 'application/problem+json': { schema: problem } } }])),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Một Cửa — commune one-stop desk API', version: '1.0.0' },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        Problem: {
          type: 'object',
          description: 'RFC 9457 problem details',
          required: ['type', 'title', 'status', 'detail'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
          },
        },
      },
    },
    security: [{ bearer: [] }],
    paths,
  };
}
