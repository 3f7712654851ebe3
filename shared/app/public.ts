import type { BankTransfer, VietQrWriter } from '../domain/forms.js';
import type { Dossier } from '../domain/model.js';
import { amountDue } from '../domain/payment.js';
import { toVietnamIso } from '../domain/time.js';
import type { Clock, PublicStore } from './ports.js';
import type { Provinces } from './provinces.js';
import { Refused } from './refusal.js';
import { secretMatches } from './secrets.js';

/** What anyone with a dossier's code and secret may do: read its status and how to pay, rate it once. */
export function citizens({ store, clock, provinces }: { store: PublicStore; clock: Clock; provinces: Pick<Provinces, 'config'> }) {
  /**
   * The dossier a code and secret open; an unknown code and a wrong secret are the same
   * not-found. Nothing is counted per code: the right secret always opens its dossier, and
   * guessing (96-bit secrets) is bounded per source in front of the API instead, so that nobody
   * can lock a citizen out of their own dossier.
   */
  async function lookup(code: string, secret: string): Promise<Dossier> {
    const dossier = await store.findDossierByCode(code);
    if (!dossier || !secretMatches(secret, dossier.lookupSecretHash)) throw new Refused('not-found', 'no dossier with this code and secret');
    return dossier;
  }

  /** The citizen's satisfaction rating: once per dossier, after its return. */
  async function rate(code: string, secret: string, given: { score: number; comment?: string }): Promise<NonNullable<Dossier['rating']>> {
    const now = clock.now();
    const dossier = await lookup(code, secret);
    if (dossier.status !== 'RETURNED') throw new Refused('conflict', 'a dossier is rated after its result was returned');
    const rating = { score: given.score, ...(given.comment ? { comment: given.comment } : {}), at: toVietnamIso(now) };
    if (!(await store.rateDossier(dossier, rating))) throw new Refused('conflict', 'this dossier was rated already');
    return rating;
  }

  /**
   * How to transfer what the dossier awaits to its commune's collection account (chuyển khoản),
   * with the VietQR Form 01 prints; undefined when nothing is awaited or the commune has no account.
   */
  async function transferOf(dossier: Dossier, vietQr: VietQrWriter): Promise<BankTransfer | undefined> {
    const amount = dossier.payment?.status === 'AWAITING' ? amountDue(dossier) : 0;
    if (amount <= 0 || !dossier.code) return undefined;
    const account = (await provinces.config(dossier.province))?.communes.find((c) => c.code === dossier.commune)?.collectionAccount;
    return account ? { ...account, amount, vietQr: vietQr(account, amount, dossier.code) } : undefined;
  }

  return { lookup, rate, transferOf };
}
