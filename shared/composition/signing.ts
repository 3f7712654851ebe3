import { readObject, writeObject } from '../adapters/files.js';
import { certificateFacts } from '../adapters/signing/certificates.js';
import { ProviderFault } from '../adapters/signing/csc.js';
import { pades } from '../adapters/signing/pades.js';
import { NotAPdf } from '../adapters/signing/pdf.js';
import { autoRegistering, providerNamed, sendSession, trustAnchors, tsaUrl } from '../adapters/signing/providers.js';
import { httpTimestampAuthority } from '../adapters/signing/tsa.js';
import { signing as signingUseCases, type SigningPorts } from '../app/signing.js';
import { access, appClock, dossiers, provinces } from './app.js';

/*
 * The signing use cases with their adapters: only the functions that sign or verify import this
 * module, so only they carry the PDF and certificate libraries.
 */

const ports: SigningPorts = {
  files: { read: readObject, write: writeObject },
  pdf: pades,
  provider: providerNamed,
  timestamps: { timestamp: (data) => httpTimestampAuthority(tsaUrl()).timestamp(data) },
  trustAnchors,
  certificateFacts,
  credentialOf(commune, role, sub) {
    const registered = commune.signers?.find((s) => s.role === role && (role === 'SEAL' || s.sub === sub));
    if (registered) return { provider: registered.provider, credentialRef: registered.credentialRef };
    // Locally, every official who signs and every commune's seal has a certificate issued on first use.
    const auto = autoRegistering();
    if (!auto) return undefined;
    return { provider: auto, credentialRef: role === 'LEADER' ? `leader:${commune.code}:${sub}` : `seal:${commune.code}` };
  },
  later: sendSession,
  isProviderFault: (error) => error instanceof ProviderFault,
  isNotAPdf: (error) => error instanceof NotAPdf,
};

export const signing = /* @__PURE__ */ signingUseCases({ store: dossiers, clock: appClock, provinces, access, ports });
