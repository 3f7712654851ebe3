import * as z from 'zod/mini';
import { resource } from '../route.js';
import { communeParam, DOSSIER_PATH, provinceParam, uuid } from './common.js';

const signerBody = z.strictObject({
  /** The provider's name in the province's signing configuration. */
  provider: z.string().check(z.maxLength(32), z.regex(/^[a-z0-9-]{1,32}$/, 'a provider name')),
  /** The credential at the provider (CSC credentialID). */
  credentialRef: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
});
const SIGNER_DESCRIPTION =
  "The credential's certificate chain is fetched from the provider and must chain to the province's trust anchors, be valid now and allow digital signatures; a seal's certificate must name the commune (its unit code or name) in its subject (400 with the field otherwise). Its SHA-256 fingerprint and expiry are kept: a signature by another certificate, or after its expiry, is refused. A registration replaces the one before for the same commune, role and official.";

const route = resource({
  name: 'Signing',
  description: "Digital signatures of electronic results (ký số): the leader's at approval, the commune's seal at issuance, and what a file's signatures say",
});

// Both read the configuration and the dossier; the signatures are read from the stored file.
export const routes = {
  putSeal: route({
    name: 'signers-put-seal',
    method: 'PUT',
    path: '/v1/provinces/{p}/communes/{c}/signers/SEAL',
    entry: 'functions/http/admin/put-seal-signer.ts',
    params: z.object({ p: provinceParam, c: communeParam }),
    body: signerBody,
    roles: 'PROVINCE_ADMIN',
    // The configuration read, the registration put in the province's partition.
    access: { table: ['Query', 'PutItem'] },
    summary: "Register the commune's seal certificate",
    description: SIGNER_DESCRIPTION,
    example: { provider: 'vnpt-ca', credentialRef: 'seal-ubnd-tan-uyen' },
    answers: { 200: 'SignerRegistration' },
  }),
  putLeader: route({
    name: 'signers-put-leader',
    method: 'PUT',
    path: '/v1/provinces/{p}/communes/{c}/signers/LEADER/{sub}',
    entry: 'functions/http/admin/put-leader-signer.ts',
    params: z.object({
      p: provinceParam,
      c: communeParam,
      sub: z.string().check(z.maxLength(128), z.regex(/^[A-Za-z0-9._@+-]{1,128}$/, "an official's account")),
    }),
    body: signerBody,
    roles: 'PROVINCE_ADMIN',
    access: { table: ['Query', 'PutItem'] },
    summary: "Register a leader's signing certificate",
    description: SIGNER_DESCRIPTION,
    example: { provider: 'vnpt-ca', credentialRef: 'chu-tich-tan-uyen' },
    answers: { 200: 'SignerRegistration' },
  }),
  session: route({
    name: 'dossiers-signing-get',
    method: 'GET',
    path: `${DOSSIER_PATH}/signing/{sid}`,
    entry: 'functions/http/dossiers/signing-get.ts',
    params: z.object({ c: communeParam, id: uuid, sid: uuid }),
    roles: 'commune staff, province roles',
    access: { table: ['Query', 'GetItem'] },
    summary: 'A signing session of the result',
    description:
      'PENDING while the signer has not confirmed on their device; SIGNED once the signature is in the file (the dossier moved on); REJECTED, EXPIRED or FAILED with the reason (the dossier stayed where it was).',
    answers: { 200: 'SigningSession' },
  }),
  signatures: route({
    name: 'attachments-signatures',
    method: 'GET',
    path: `${DOSSIER_PATH}/attachments/{aid}/signatures`,
    entry: 'functions/http/attachments/signatures.ts',
    portal: true,
    params: z.object({ c: communeParam, id: uuid, aid: uuid }),
    roles: 'commune staff, province roles, PORTAL (own)',
    access: { table: ['Query', 'GetItem'], files: ['GetObject'] },
    summary: "A file's digital signatures, each checked",
    description:
      "Every PAdES signature of the file in order: the signer's name, the role (LEADER, SEAL), when it was made (the timestamp's time when timestamped), its certificate (subject, issuer, SHA-256 fingerprint, validity from and to), whether it verifies over what it covers and chains to the province's trust anchors, and whether it covers the whole file (only the last one does). A file that is no PDF has none.",
    answers: { 200: 'FileSignatures' },
  }),
};
