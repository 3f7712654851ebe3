import { historyHead } from '../domain/history-chain.js';
import { nationalStatus } from '../domain/national-status.js';
import type { BankTransfer } from '../domain/forms.js';
import type { Dossier } from '../domain/model.js';
import { feeTotal } from '../domain/payment.js';
import { resultSignatures } from '../domain/signing.js';
import type { DossierSummary } from '../domain/worklist.js';
import type { DossierAnswer, DossierSummaryAnswer } from './answers/dossiers.js';
import type { PublicStatusAnswer } from './answers/lookup.js';
import { signingView } from './answers/signing.js';
import type { ReceiptAnswer } from './answers/workflow.js';

/**
 * A dossier as the API answers it: everything but the lookup secret's hash, the search keys,
 * internal markers and its history's access (the access trail's, read by the inspector and the leader).
 */
export function dossierView(d: Dossier): DossierAnswer {
  const { lookupSecretHash: _hash, applicantKeys: _keys, resumeStatus: _resume, procedure, applicant, history, ...rest } = d;
  // Fields of the contract that exist only from some point of the lifecycle: answered as null until then.
  return {
    ...rest,
    code: d.code ?? null,
    step: d.step ?? null,
    assignee: d.assignee ?? null,
    acceptedAt: d.acceptedAt ?? null,
    dueAt: d.dueAt ?? null,
    pausedAt: d.pausedAt ?? null,
    result: d.result ?? null,
    completedAt: d.completedAt ?? null,
    returnedAt: d.returnedAt ?? null,
    timeliness: d.timeliness ?? null,
    attachments: d.attachments ?? [],
    ...(d.signings ? { signings: d.signings.map(signingView) } : {}),
    applicant: { ...applicant, phone: applicant.phone ?? null, email: applicant.email ?? null },
    history: history.map(({ access: _access, ...entry }) => entry),
    procedure: { code: procedure.code, name: procedure.name, version: procedure.version },
    nationalStatus: nationalStatus(d.status, d.step),
    historyHead: historyHead(d),
  };
}

/** A worklist line; `standing` is how it compares with its appointment now (null without one). */
export function summaryView(s: DossierSummary, standing: DossierSummaryAnswer['timeliness']): DossierSummaryAnswer {
  const { procedureRef, ...rest } = s;
  return { ...rest, procedure: procedureRef, nationalStatus: nationalStatus(s.status, s.step), timeliness: standing };
}

/** Form 01 (giấy tiếp nhận hồ sơ và hẹn trả kết quả): what the desk hands over on acceptance. */
export function receiptView(d: Dossier): ReceiptAnswer {
  const { code, acceptedAt, dueAt } = d;
  // Only an accepted dossier has a receipt; anything else is a fault of the caller.
  if (code === undefined || acceptedAt === undefined) throw new Error(`dossier ${d.id} has no receipt before acceptance`);
  return {
    form: '01',
    code,
    receivingUnit: d.receivingUnit,
    commune: d.commune,
    procedure: { code: d.procedure.code, name: d.procedure.name },
    acceptedAt,
    dueAt: dueAt ?? null,
    documents: d.documents,
    fee: feeTotal(d.procedure.fees),
  };
}

/** Who signed the result, when anyone did. */
function signedBy(d: Dossier) {
  const signatures = resultSignatures(d);
  return signatures.length ? { signatures } : {};
}

/** What anyone with the code and secret may see: no personal data; the transfer of what is awaited when it is given. */
export function publicStatusView(d: Dossier, transfer?: BankTransfer): PublicStatusAnswer {
  // The lookup finds a dossier by its code: one without a code is a fault of the caller.
  if (d.code === undefined) throw new Error(`dossier ${d.id} has no code to be looked up by`);
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
    timeliness: d.timeliness,
    steps: d.steps.map(({ step, department, startedAt, completedAt }) => ({ step, department, startedAt, completedAt })),
    ...(d.supplementRequest
      ? {
          supplement: {
            documents: d.supplementRequest.documents,
            reason: d.supplementRequest.reason,
            requestedAt: d.supplementRequest.requestedAt,
            supplyBy: d.supplementRequest.supplyBy,
            suppliedAt: d.supplementRequest.suppliedAt,
          },
        }
      : {}),
    ...(d.result ? { result: { decision: d.result.decision, electronic: d.result.electronic ?? false, ...signedBy(d) } } : {}),
    ...(d.refusal ? { refusal: { reason: d.refusal.reason } } : {}),
    ...(d.rating ? { rating: d.rating } : {}),
    ...(d.payment?.status === 'AWAITING' && d.payment.total > 0
      ? {
          payment: {
            amount: d.payment.total,
            ...(transfer
              ? { transfer: { bankBin: transfer.bankBin, accountNumber: transfer.accountNumber, accountName: transfer.accountName, vietQr: transfer.vietQr } }
              : {}),
          },
        }
      : {}),
  };
}
