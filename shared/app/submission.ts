import { randomUUID } from 'node:crypto';
import { submitDossier, type NewDossier } from '../domain/lifecycle.js';
import type { Actor, Dossier } from '../domain/model.js';
import { communeProcedure } from '../domain/province.js';
import { logger } from '../observability/logger.js';
import { countDossiers } from '../observability/metrics.js';
import type { tenancy } from './access.js';
import type { AccessSource } from './audit.js';
import type { Clock, DossierStore } from './ports.js';
import { refused, Refused } from './refusal.js';
import { applicantKeysOf, canonicalJson, lookupSecretOf, sha256 } from './secrets.js';

/** An idempotency key answers the same dossier for a day. */
const IDEMPOTENCY_KEPT_S = 24 * 3600;

export interface Submission {
  actor: Actor;
  /** The commune whose desk (or portal path) receives the dossier. */
  commune: string;
  input: NewDossier;
  /** The client's key: a retry with the same key and body answers the first dossier. */
  idempotencyKey?: string;
  /** The API request: the dossier's first history entry keeps it as the creation's access trail entry. */
  source?: AccessSource;
}

export interface Submitted {
  dossier: Dossier;
  /** Shown once, with the dossier code it opens the public lookup. */
  lookupSecret: string;
  /** True when an earlier request with the same key had created it. */
  replayed: boolean;
}

/** Submission of a dossier: online by a portal, in person or by post at the desk. */
export function submission({ store, clock, access }: { store: DossierStore; clock: Clock; access: ReturnType<typeof tenancy> }) {
  return async function submit({ actor, commune, input, idempotencyKey: key, source }: Submission): Promise<Submitted> {
    const { config } = await access.communeFor(actor, commune);
    const competent = input.competentCommune ?? commune;
    if (!config.communes.some((c) => c.code === competent)) {
      throw new Refused('invalid', 'the competent commune is not a commune of this province', [{ path: 'body.competentCommune', message: 'unknown commune' }]);
    }
    if (!config.procedures.some((p) => p.code === input.procedureCode)) {
      throw new Refused('invalid', 'no such procedure in the catalogue', [{ path: 'body.procedureCode', message: 'unknown procedure' }]);
    }
    const procedure = communeProcedure(config, competent, input.procedureCode);
    if (!procedure) throw new Refused('conflict', `commune ${competent} does not offer procedure ${input.procedureCode}`);
    const secretKey = await store.lookupKey(config.code);
    /** The new dossier under an id: its history's hash chain names the id, so a repaired dossier is decided again under its own. */
    const dossierAs = (id: string, dossierCommune: string, secret: string): Dossier => {
      const decision = submitDossier(input, actor, {
        now: clock.now(),
        id,
        commune: dossierCommune,
        receivingUnit: commune,
        procedure,
        lookupSecretHash: sha256(secret),
        ...(source ? { source: { roles: actor.roles, ...source } } : {}),
      });
      if (!decision.ok) throw refused(decision.refusal);
      return { ...decision.dossier, applicantKeys: applicantKeysOf(secretKey, input.applicant) };
    };
    const id = randomUUID();
    const secret = lookupSecretOf(secretKey, id);
    const dossier = dossierAs(id, competent, secret);
    const bodyHash = sha256(canonicalJson(input));
    const outcome = await store.createDossier(
      dossier,
      key === undefined
        ? undefined
        : {
            commune,
            client: actor.sub,
            key,
            bodyHash,
            dossierId: dossier.id,
            dossierCommune: competent,
            expiresAt: Math.floor(clock.now() / 1000) + IDEMPOTENCY_KEPT_S,
          },
    );
    if (!outcome.created) {
      const earlier = outcome.earlier;
      if (earlier.bodyHash !== bodyHash) throw new Refused('conflict', 'this Idempotency-Key was used with another body');
      // The first request may have stopped between its two writes: the dossier is written now.
      const earlierSecret = lookupSecretOf(secretKey, earlier.dossierId);
      await store.putDossierIfAbsent(dossierAs(earlier.dossierId, earlier.dossierCommune, earlierSecret));
      const stored = await store.getDossier(earlier.dossierCommune, earlier.dossierId);
      if (!stored) throw new Refused('conflict', 'the dossier of this Idempotency-Key is no longer available');
      return { dossier: stored, lookupSecret: earlierSecret, replayed: true };
    }
    logger.info('dossier submitted', { dossierId: dossier.id, commune: competent, receivingUnit: commune, channel: dossier.channel });
    countDossiers('DossiersReceived');
    return { dossier, lookupSecret: secret, replayed: false };
  };
}
