/**
 * A submission remembered under its client's Idempotency-Key: the same request again is answered
 * with the dossier it created, another body under the same key is refused.
 */
export interface IdempotencyRecord {
  commune: string;
  client: string;
  key: string;
  bodyHash: string;
  dossierId: string;
  dossierCommune: string;
  expiresAt: number;
}
