import { nationalStatus } from '../domain/national-status.js';
import type { Dossier } from '../domain/model.js';
import type { DossierSummary } from '../adapters/repository.js';

/** Fields of the contract that exist only from some point of the lifecycle: answered as null until then. */
const LATER_FIELDS = ['code', 'step', 'assignee', 'acceptedAt', 'dueAt', 'pausedAt', 'result', 'completedAt', 'returnedAt', 'timeliness'] as const;

/** A dossier as the API answers it: everything but the lookup secret's hash and internal markers. */
export function dossierView(d: Dossier) {
  const { lookupSecretHash: _hash, resumeStatus: _resume, procedure, applicant, ...rest } = d;
  return {
    ...Object.fromEntries(LATER_FIELDS.map((f) => [f, null])),
    ...rest,
    applicant: { phone: null, email: null, ...applicant },
    procedure: { code: procedure.code, name: procedure.name, version: procedure.version },
    nationalStatus: nationalStatus(d.status, d.step),
  };
}

export function summaryView(s: DossierSummary) {
  const { procedureRef, ...rest } = s;
  return { ...rest, procedure: procedureRef, nationalStatus: nationalStatus(s.status, s.step) };
}

/** Form 01 (giấy tiếp nhận hồ sơ và hẹn trả kết quả): what the desk hands over on acceptance. */
export function receiptView(d: Dossier) {
  return {
    form: '01',
    code: d.code,
    receivingUnit: d.receivingUnit,
    commune: d.commune,
    procedure: { code: d.procedure.code, name: d.procedure.name },
    acceptedAt: d.acceptedAt,
    dueAt: d.dueAt,
    documents: d.documents,
    fee: d.procedure.fee,
  };
}

/** What anyone with the code and secret may see: no personal data. */
export function publicStatusView(d: Dossier) {
  return {
    code: d.code,
    procedure: { code: d.procedure.code, name: d.procedure.name },
    status: d.status,
    nationalStatus: nationalStatus(d.status, d.step),
    ...(d.step ? { step: d.step } : {}),
    submittedAt: d.submittedAt,
    acceptedAt: d.acceptedAt,
    dueAt: d.dueAt,
    completedAt: d.completedAt,
    returnedAt: d.returnedAt,
  };
}
