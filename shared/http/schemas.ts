import { z } from 'zod';
import { CHANNELS, DEPARTMENTS, DOCUMENT_KINDS, STATUSES, STEPS } from '../domain/model.js';
import { parseInstant } from '../domain/time.js';

const text = (max: number) => z.string().trim().min(1).max(max);

export const communeParam = z.string().regex(/^[A-Za-z0-9.]{1,32}$/, 'a unit code');
export const provinceParam = z.string().regex(/^[A-Z0-9]{2,8}$/, 'a province code');
export const dossierParams = z.object({ c: communeParam, id: z.string().uuid() });

export const documentSchema = z.object({
  name: text(300),
  kind: z.enum(DOCUMENT_KINDS),
  count: z.number().int().min(1).max(1000),
});

export const createDossierBody = z
  .object({
    procedureCode: text(32),
    channel: z.enum(CHANNELS),
    applicant: z
      .object({
        name: text(200),
        idNumber: z.string().regex(/^\d{9}$|^\d{12}$/, 'a 12-digit citizen ID (or 9-digit ID card) number'),
        phone: z.string().regex(/^\+?\d{9,15}$/, 'a phone number').optional(),
        email: z.string().email().max(254).optional(),
        address: text(500),
      })
      .strict(),
    documents: z.array(documentSchema).min(1).max(100),
    competentCommune: communeParam.optional(),
    note: text(2000).optional(),
  })
  .strict();

const version = { expectedVersion: z.number().int().min(1).optional() };
const reason = text(2000);
const instant = z.string().refine((s) => !Number.isNaN(parseInstant(s)), 'an ISO 8601 date-time with an offset');

/** The body of each transition; every one also takes `expectedVersion`. */
export const transitionBodies = {
  accept: z.object(version).strict(),
  'request-supplement': z.object({ ...version, reason, documents: z.array(text(300)).min(1).max(100) }).strict(),
  supplement: z.object({ ...version, documents: z.array(documentSchema).min(1).max(100) }).strict(),
  refuse: z.object({ ...version, reason }).strict(),
  assign: z.object({ ...version, assignee: text(128) }).strict(),
  propose: z.object({ ...version, outcome: z.enum(['APPROVE', 'REJECT']), summary: text(4000) }).strict(),
  review: z.object({ ...version, agree: z.boolean(), note: text(4000) }).strict(),
  approve: z.object({ ...version, decision: z.enum(['APPROVED', 'REJECTED']), note: text(4000) }).strict(),
  issue: z.object(version).strict(),
  return: z.object(version).strict(),
  withdraw: z.object({ ...version, reason }).strict(),
  extend: z.object({ ...version, newDueAt: instant, reason }).strict(),
};

export const listQuery = z
  .object({
    status: z.enum(STATUSES).optional(),
    step: z.enum(STEPS).optional(),
    department: z.enum(DEPARTMENTS).optional(),
    assignee: text(128).optional(),
    timeliness: z.enum(['EARLY', 'ON_TIME', 'LATE', 'ON_TRACK', 'AT_RISK', 'OVERDUE']).optional(),
    cursor: z.string().max(2000).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

/** A local calendar date, YYYY-MM-DD. */
export const dateParam = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(d)), 'a real date');
