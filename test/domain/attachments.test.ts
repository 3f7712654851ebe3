import { describe, expect, it } from 'vitest';
import {
  attachablePurposes,
  attachRefusal,
  detectType,
  MAX_ATTACHMENTS,
  objectMismatch,
  withAttachment,
  withCheckedAttachment,
  type NewAttachment,
} from '../../shared/domain/attachments.js';
import type { Actor, Dossier } from '../../shared/domain/model.js';
import { at, commands, officials, Story } from './fixtures.js';

const PDF_HEAD = Buffer.from('%PDF-1.7\n%âãÏÓ');
const PNG_HEAD = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG_HEAD = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]);
const file = (purpose: NewAttachment['purpose'], overrides: Partial<NewAttachment> = {}): NewAttachment => ({
  name: 'tệp.pdf',
  purpose,
  contentType: 'application/pdf',
  size: 1000,
  ...overrides,
});
const NOW = at('2026-03-02T09:00+07:00');

const submitted = () => Story.submit({ by: officials.portal }).dossier;
const atAppraisal = () => Story.submit().to('APPRAISAL').dossier;
const atIssuance = () => Story.submit().to('ISSUANCE').dossier;
const atAssignment = () => Story.submit().to('ASSIGNMENT').dossier;
const refused = () => Story.submit().do(commands.refuse(), officials.reception).dossier;

function add(d: Dossier, n: number, actor: Actor = officials.reception): Dossier {
  let next = d;
  for (let i = 0; i < n; i++) next = withAttachment(next, file('SCAN'), actor, { id: `a-${i}`, now: NOW }).dossier;
  return next;
}

describe('who may attach which file when', () => {
  const cases: [string, () => Dossier, Actor, NewAttachment['purpose'], string | undefined][] = [
    ['a portal, the application of its submitted dossier', submitted, officials.portal, 'APPLICATION', undefined],
    ['a portal, a result', submitted, officials.portal, 'RESULT', 'forbidden'],
    ['the desk, a scan while open', submitted, officials.reception, 'SCAN', undefined],
    ['the desk, anything once refused', refused, officials.reception, 'SCAN', 'conflict'],
    ['a portal, anything once refused', refused, officials.portal, 'SUPPLEMENT', 'conflict'],
    ['the assigned specialist, a working paper', atAppraisal, officials.specialist, 'WORKING_PAPER', undefined],
    ['another specialist, a working paper', atAppraisal, officials.colleague, 'WORKING_PAPER', 'forbidden'],
    ['the assignee on a token of another department', atAppraisal, officials.foreignSpecialist, 'WORKING_PAPER', 'forbidden'],
    ['the clerk, the result at issuance', atIssuance, officials.clerk, 'RESULT', undefined],
    ['the clerk, the result before appraisal', atAssignment, officials.clerk, 'RESULT', 'conflict'],
    ["the clerk, the result's draft at appraisal", atAppraisal, officials.clerk, 'RESULT', undefined],
    ["the assigned specialist, the result's draft", atAppraisal, officials.specialist, 'RESULT', undefined],
    ["another specialist, the result's draft", atAppraisal, officials.colleague, 'RESULT', 'forbidden'],
    ["the assigned specialist, the result's draft at issuance", atIssuance, officials.specialist, 'RESULT', 'conflict'],
    ['the leader, anything', atAppraisal, officials.leader, 'SCAN', 'forbidden'],
    ['the auditor, anything', atAppraisal, officials.auditor, 'SCAN', 'forbidden'],
  ];

  it.each(cases)('%s', (_name, build, actor, purpose, expected) => {
    expect(attachRefusal(build(), file(purpose), actor)?.kind).toBe(expected);
  });

  it('refuses a type, a size or a 51st file with the field at fault', () => {
    const d = submitted();
    expect(attachRefusal(d, file('SCAN', { contentType: 'image/gif' }), officials.reception)).toMatchObject({ kind: 'invalid', path: 'body.contentType' });
    expect(attachRefusal(d, file('SCAN', { size: 20 * 1024 * 1024 + 1 }), officials.reception)).toMatchObject({ kind: 'invalid', path: 'body.size' });
    expect(attachRefusal(add(d, MAX_ATTACHMENTS - 1), file('SCAN'), officials.reception)).toBeUndefined();
    expect(attachRefusal(add(d, MAX_ATTACHMENTS), file('SCAN'), officials.reception)).toMatchObject({ kind: 'invalid' });
  });

  it('offers exactly the purposes attaching would accept now (what the console shows)', () => {
    const purposes = ['APPLICATION', 'SUPPLEMENT', 'SCAN', 'RESULT', 'WORKING_PAPER'] as const;
    for (const [name, build, actor] of cases) {
      const d = build();
      const accepted = purposes.filter((p) => attachRefusal(d, file(p), actor) === undefined);
      expect(attachablePurposes(d, actor), name).toEqual(accepted);
    }
    expect(attachablePurposes(submitted(), officials.reception)).toEqual(['APPLICATION', 'SUPPLEMENT', 'SCAN']);
    expect(attachablePurposes(add(submitted(), MAX_ATTACHMENTS), officials.reception)).toEqual([]);
  });

  it('does not count rejected files against the limit', () => {
    let d = add(submitted(), MAX_ATTACHMENTS);
    d = withCheckedAttachment(d, 'a-0', 'wrong type', NOW);
    expect(attachRefusal(d, file('SCAN'), officials.reception)).toBeUndefined();
  });
});

describe('the check of a stored file', () => {
  const declared = (contentType: 'application/pdf' | 'image/png' | 'image/jpeg', sha256?: string) =>
    withAttachment(submitted(), file('SCAN', { contentType, size: 12, ...(sha256 ? { sha256 } : {}) }), officials.reception, { id: 'x', now: NOW }).attachment;

  it('knows PDF, PNG and JPEG by their magic bytes, and nothing else', () => {
    expect(detectType(PDF_HEAD)).toBe('application/pdf');
    expect(detectType(PNG_HEAD)).toBe('image/png');
    expect(detectType(JPEG_HEAD)).toBe('image/jpeg');
    expect(detectType(Buffer.from('GIF89a'))).toBeUndefined();
    expect(detectType(Buffer.from(''))).toBeUndefined();
  });

  it('accepts what matches its declaration and says why anything else does not', () => {
    expect(objectMismatch(declared('application/pdf'), { size: 12, head: PDF_HEAD })).toBeUndefined();
    expect(objectMismatch(declared('application/pdf'), undefined)).toBe('no file was uploaded');
    expect(objectMismatch(declared('application/pdf'), { size: 13, head: PDF_HEAD })).toContain('13 bytes');
    expect(objectMismatch(declared('application/pdf'), { size: 12, head: PNG_HEAD })).toContain('image/png');
    expect(objectMismatch(declared('image/png', 'ab'.repeat(32)), { size: 12, head: PNG_HEAD, sha256: 'cd'.repeat(32) })).toContain('SHA-256');
    expect(objectMismatch(declared('image/png', 'AB'.repeat(32)), { size: 12, head: PNG_HEAD, sha256: 'ab'.repeat(32) })).toBeUndefined();
  });

  it('makes the result electronic once the signed result is AVAILABLE, and counts scans as digitisation', () => {
    const issuing = withAttachment(atIssuance(), file('RESULT'), officials.clerk, { id: 'r', now: NOW }).dossier;
    const rejected = withCheckedAttachment(issuing, 'r', 'wrong type', NOW);
    expect(rejected.result?.electronic).toBeUndefined();
    expect(rejected.attachments?.[0]).toMatchObject({ status: 'REJECTED', reason: 'wrong type' });
    expect(withCheckedAttachment(issuing, 'r', undefined, NOW).result).toMatchObject({ decision: 'APPROVED', electronic: true });

    let d = add(submitted(), 2);
    d = withCheckedAttachment(d, 'a-0', undefined, NOW);
    d = withCheckedAttachment(d, 'a-1', undefined, NOW + 60_000);
    expect(d.digitisation).toEqual({ files: 2, firstAt: '2026-03-02T09:00:00+07:00', lastAt: '2026-03-02T09:01:00+07:00' });
    expect(d.version).toBe(submitted().version + 4);
  });
});
