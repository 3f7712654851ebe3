import * as z from 'zod/mini';
import { FORM_TITLES, FORMS_LEGAL_BASIS, type FormNumber } from '../../domain/forms.js';
import { SIGNER_ROLES } from '../../domain/signing.js';
import { channel, count, department, document, instant, named, office, processing, procedureRef, status, step, timeliness } from './common.js';
import { historyHead } from './dossiers.js';

const addressee = { name: z.string(), address: z.string() };
const nullableInstant = z.nullable(instant);

/** What every form carries at its head. */
const header = <N extends FormNumber>(form: N) => ({
  form: z.literal(form),
  title: z.literal(FORM_TITLES[form]),
  legalBasis: z.literal(FORMS_LEGAL_BASIS),
  issuingUnit: z.string(),
  issuingUnitName: z.optional(z.string()),
  commune: z.string(),
  province: z.string(),
  dossierCode: z.nullable(z.string()),
  procedure: procedureRef,
  generatedAt: z.optional(instant),
});

const receiptForm = named(
  'Form01',
  'Giấy tiếp nhận hồ sơ và hẹn trả kết quả (receipt and appointment)',
  z.strictObject({
    ...header('01'),
    applicant: z.strictObject({ ...addressee, phone: z.nullable(z.string()), email: z.nullable(z.string()) }),
    channel,
    documents: z.array(document),
    dossierSets: count,
    processing,
    fee: count,
    receivedAt: instant,
    receivedBy: z.nullable(z.string()),
    dueAt: instant,
    department,
    transfer: z.nullable(
      z.strictObject({
        bankBin: z.string(),
        accountNumber: z.string(),
        accountName: z.string(),
        amount: count,
        vietQr: z.string(),
      }),
    ),
  }),
);

const supplementRequestForm = named(
  'Form02',
  'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (request for missing documents)',
  z.strictObject({
    ...header('02'),
    applicant: z.strictObject(addressee),
    stage: z.enum(['RECEPTION', 'PROCESSING']),
    requestingUnit: office,
    receivedAt: instant,
    reason: z.string(),
    documentsRequired: z.array(z.string()),
    requestedBy: z.string(),
    requestedAt: instant,
    suppliedAt: nullableInstant,
  }),
);

const refusalForm = named(
  'Form03',
  'Phiếu từ chối tiếp nhận giải quyết hồ sơ (refusal to receive)',
  z.strictObject({
    ...header('03'),
    applicant: z.strictObject(addressee),
    channel,
    submittedAt: instant,
    documents: z.array(document),
    reason: z.string(),
    refusedBy: z.nullable(z.string()),
    refusedAt: nullableInstant,
  }),
);

const apologyForm = named(
  'Form04',
  'Phiếu xin lỗi và hẹn lại ngày trả kết quả (apology and new appointment)',
  z.strictObject({
    ...header('04'),
    applicant: z.strictObject(addressee),
    department,
    receivedAt: nullableInstant,
    originalDueAt: instant,
    newDueAt: instant,
    reason: z.string(),
    issuedBy: z.string(),
    issuedAt: instant,
  }),
);

const stopNoticeForm = named(
  'Form05',
  'Phiếu dừng giải quyết hồ sơ (stop notice)',
  z.strictObject({
    ...header('05'),
    applicant: z.strictObject(addressee),
    submittedAt: instant,
    receivedAt: nullableInstant,
    stoppedAtStep: z.nullable(step),
    reason: z.string(),
    stoppedAt: nullableInstant,
    recordedBy: z.nullable(z.string()),
    documents: z.array(document),
  }),
);

const controlSheetForm = named(
  'Form06',
  "Phiếu kiểm soát quá trình giải quyết hồ sơ (process control sheet); names no applicant. `signatures` (absent until the electronic result is signed): who signed it, in which role, when, and the certificate's subject and SHA-256 fingerprint",
  z.strictObject({
    ...header('06'),
    department,
    status,
    acceptedAt: instant,
    dueAt: instant,
    originalDueAt: nullableInstant,
    steps: z.array(
      z.strictObject({
        step,
        department: office,
        actor: z.nullable(z.string()),
        startedAt: instant,
        dueAt: instant,
        completedAt: nullableInstant,
        timeliness: z.nullable(timeliness),
      }),
    ),
    handoffs: z.array(
      z.strictObject({
        from: office,
        to: office,
        handedOverBy: z.string(),
        handedOverAt: instant,
        receivedBy: z.nullable(z.string()),
        receivedAt: nullableInstant,
        timeliness: z.nullable(timeliness),
      }),
    ),
    pauses: z.array(z.strictObject({ from: instant, to: nullableInstant })),
    completedAt: nullableInstant,
    timeliness: z.nullable(timeliness),
    signatures: z.optional(
      z.array(
        z.strictObject({
          role: z.enum(SIGNER_ROLES),
          signer: z.string(),
          signedAt: instant,
          certificateSubject: z.string(),
          certificateFingerprint: z.string(),
        }),
      ),
    ),
    historyHead,
  }),
);

const trackingBookForm = named(
  'Form07',
  'Sổ theo dõi hồ sơ (tracking book): this dossier’s row',
  z.strictObject({
    ...header('07'),
    applicant: z.strictObject({ ...addressee, phone: z.nullable(z.string()) }),
    channel,
    dossierSets: count,
    department,
    receivedAt: instant,
    dueAt: instant,
    handedToDepartment: z.nullable(z.strictObject({ department, at: instant, receivedAt: nullableInstant })),
    completedAt: nullableInstant,
    returnedAt: nullableInstant,
    status,
    timeliness: z.nullable(timeliness),
    notes: z.array(z.string()),
  }),
);

export const formAnswer = named(
  'Form',
  'The data of a form of Circular 03/2025/TT-VPCP, told apart by `form`',
  z.discriminatedUnion('form', [receiptForm, supplementRequestForm, refusalForm, apologyForm, stopNoticeForm, controlSheetForm, trackingBookForm]),
);

export type FormAnswer = z.output<typeof formAnswer>;
