import { readObject, writeObject } from '../adapters/files.js';
import { certificateFacts } from '../adapters/signing/certificates.js';
import { ProviderFault } from '../adapters/signing/csc.js';
import { pades } from '../adapters/signing/pades.js';
import { NotAPdf } from '../adapters/signing/pdf.js';
import { autoRegistering, providerNamed, sendSession, trustAnchors, tsaUrl } from '../adapters/signing/providers.js';
import { httpTimestampAuthority } from '../adapters/signing/tsa.js';
import { putSigner } from '../adapters/province-config.js';
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
  autoRegistering,
  register: putSigner,
  later: sendSession,
  isProviderFault: (error) => error instanceof ProviderFault,
  isNotAPdf: (error) => error instanceof NotAPdf,
};

export const signing = /* @__PURE__ */ signingUseCases({ store: dossiers, clock: appClock, provinces, access, ports });
