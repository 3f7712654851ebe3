import { deflateRawSync, inflateRawSync } from 'node:zlib';

/*
 * A dossier's body as stored: JSON deflated against a preset dictionary, the field names and the
 * words every body repeats, which deflate finds there instead of spelling them out once per body
 * (a small body compresses to about two thirds). A body decodes only with the very dictionary it
 * was made with, so the stored body names it in its first byte, and a dictionary once used is
 * never changed: a better one is added beside it under the next number and new bodies use it,
 * while the bodies stored before still read with theirs. Each dictionary's SHA-256 is pinned by a
 * test (test/integration/stored-formats.test.ts), beside golden bodies it must keep reading.
 */

/** Dictionary 1, the one bodies were made with before they named theirs (dossier item format 1). */
const DICTIONARY_1 = Buffer.from(
  'OFFICE CULTURE_SOCIETY ECONOMICS DESK ORIGINAL COPY CERTIFIED_COPY SUBMITTED IN_PROCESSING SUPPLEMENT_REQUESTED RESULT_READY RETURNED REFUSED WITHDRAWN ' +
    'EARLY ON_TIME LATE APPROVE APPROVED REJECT REJECTED supplement-expired request-supplement receive-result withdraw extend refuse ' +
    '{"province":"","receivingUnit":"","applicant":{"idNumber":"","phone":"","email":"","address":"","notify":["SMS"]},' +
    '"documents":[{"name":"","kind":"ORIGINAL","count":1}],"note":"","lookupSecretHash":"","acceptedAt":"","resumeStatus":"","pausedAt":"",' +
    '"supplementRequest":{"reason":"","documents":[""],"requestedBy":"","requestedAt":"","supplyBy":"","suppliedAt":""},' +
    '"extension":{"originalDueAt":"","newDueAt":"","reason":"","by":"","at":"","supersededAt":""},"refusal":{"reason":""},"withdrawal":{"reason":""},' +
    '"attachments":[{"id":"","name":"","purpose":"APPLICATION","contentType":"application/pdf","size":1,"status":"AVAILABLE","createdAt":"","uploadedAt":"","uploadedBy":""}],' +
    '"proposal":{"outcome":"APPROVE","summary":"","by":""},"review":{"agree":true,"note":"","by":""},"result":{"decision":"APPROVED","note":"","electronic":true},' +
    '"completedAt":"","closedAt":"","returnedAt":"",' +
    '"handoffs":[{"from":"DESK","to":"ECONOMICS","handedOverBy":"reception@","handedOverAt":"","receivedBy":"department:ECONOMICS","receivedAt":"","timeliness":"ON_TIME"},' +
    '{"from":"OFFICE","to":"DESK","handedOverBy":"clerk@","handedOverAt":"","receivedBy":"desk:results-intake","receivedAt":"","timeliness":"ON_TIME"}],' +
    '"steps":[{"step":"RECEPTION","department":"DESK","actor":"reception@","startedAt":"","dueAt":"","completedAt":"","timeliness":"EARLY"},' +
    '{"step":"ASSIGNMENT","department":"ECONOMICS","startedAt":"","dueAt":"","actor":"head-economics@","completedAt":"","timeliness":"ON_TIME"},' +
    '{"step":"APPRAISAL","department":"ECONOMICS","actor":"specialist-economics@","startedAt":"","dueAt":"","completedAt":"","timeliness":"ON_TIME"},' +
    '{"step":"REVIEW","department":"ECONOMICS","startedAt":"","dueAt":"","actor":"head-economics@","completedAt":"","timeliness":"ON_TIME"},' +
    '{"step":"APPROVAL","department":"OFFICE","startedAt":"","dueAt":"","actor":"leader@","completedAt":"","timeliness":"ON_TIME"},' +
    '{"step":"ISSUANCE","department":"OFFICE","startedAt":"","dueAt":"","actor":"clerk@","completedAt":"","timeliness":"ON_TIME"}],' +
    '"history":[{"at":"","action":"submit","actor":"","status":"SUBMITTED","access":{"at":"","roles":["PORTAL"],"sourceIp":"","requestId":""}},' +
    '{"at":"","action":"accept","actor":"reception@","status":"IN_PROCESSING","step":"RECEPTION","access":{"at":"","roles":["RECEPTION"],"sourceIp":"","requestId":""}},' +
    '{"at":"","action":"receive","actor":"department:ECONOMICS","status":"IN_PROCESSING","step":"ASSIGNMENT"},' +
    '{"at":"","action":"assign","actor":"head-economics@","status":"IN_PROCESSING","step":"APPRAISAL","access":{"at":"","roles":["DEPT_HEAD"],"sourceIp":"","requestId":""}},' +
    '{"at":"","action":"propose","actor":"specialist-economics@","status":"IN_PROCESSING","step":"REVIEW","note":"APPROVE: ","access":{"at":"","roles":["SPECIALIST"],"sourceIp":"","requestId":""}},' +
    '{"at":"","action":"review","actor":"head-economics@","status":"IN_PROCESSING","step":"APPROVAL","note":"","access":{"at":"","roles":["DEPT_HEAD"],"sourceIp":"","requestId":""}},' +
    '{"at":"","action":"approve","actor":"leader@","status":"IN_PROCESSING","step":"ISSUANCE","note":"APPROVED: ","access":{"at":"","roles":["LEADER"],"sourceIp":"","requestId":""}},' +
    '{"at":"","action":"issue","actor":"clerk@","status":"IN_PROCESSING","step":"ISSUANCE","access":{"at":"","roles":["CLERK"],"sourceIp":"","requestId":""}},' +
    '{"at":"","action":"receive-result","actor":"desk:results-intake","status":"RESULT_READY"},' +
    '{"at":"","action":"return","actor":"reception@","status":"RETURNED","access":{"at":"","roles":["RECEPTION"],"sourceIp":"","requestId":""}}]}' +
    ':00+07:00","',
);

/** The preset dictionaries by the number a body names; never edited, only added to. */
export const BODY_DICTIONARIES: Readonly<Record<number, Buffer>> = { 1: DICTIONARY_1 };

/** The dictionary new bodies are made with. */
export const CURRENT_DICTIONARY = 1;

/** A body: the number of its dictionary, then the deflated JSON. */
export const encodeBody = (value: unknown): Buffer =>
  Buffer.concat([
    Buffer.of(CURRENT_DICTIONARY),
    deflateRawSync(Buffer.from(JSON.stringify(value)), { level: 9, dictionary: BODY_DICTIONARIES[CURRENT_DICTIONARY] }),
  ]);

/** The value of a body, with the dictionary it names (`dictionaries` is replaced only to show what a changed dictionary would do). */
export function decodeBody(body: Uint8Array, dictionaries = BODY_DICTIONARIES): unknown {
  const preset = dictionaries[body[0] ?? 0];
  if (!preset) throw new Error(`a dossier body made with dictionary ${body[0]}, which this code does not have`);
  return JSON.parse(inflateRawSync(body.subarray(1), { dictionary: preset }).toString('utf8'));
}

/** A body stored before bodies named their dictionary (all were made with dictionary 1), as it is stored now. */
export const namedBody = (unnamed: Uint8Array): Buffer => Buffer.concat([Buffer.of(1), unnamed]);
