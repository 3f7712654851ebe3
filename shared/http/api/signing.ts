import * as z from 'zod/mini';
import { resource } from '../route.js';
import { communeParam, DOSSIER_PATH, uuid } from './common.js';

const route = resource({
  name: 'Signing',
  description: "Digital signatures of electronic results (ký số): the leader's at approval, the commune's seal at issuance, and what a file's signatures say",
});

// Both read the configuration and the dossier; the signatures are read from the stored file.
export const routes = {
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
      "Every PAdES signature of the file in order: the signer's name, the role (LEADER, SEAL), when it was made (the timestamp's time when timestamped), its certificate (subject, issuer, SHA-256 fingerprint, expiry), whether it verifies over what it covers and chains to the province's trust anchors, and whether it covers the whole file (only the last one does). A file that is no PDF has none.",
    answers: { 200: 'FileSignatures' },
  }),
};
