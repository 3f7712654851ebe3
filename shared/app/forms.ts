import { amountInWords } from '../domain/amount-words.js';
import { formOf, type FormNumber, type VietQrWriter } from '../domain/forms.js';
import { ONLINE_COLLECTOR, receiptDocument } from '../domain/payment.js';
import type { Actor } from '../domain/model.js';
import { toVietnamIso } from '../domain/time.js';
import type { tenancy } from './access.js';
import { citizenPages } from './citizen-page.js';
import type { Clock, DossierStore } from './ports.js';
import { Refused } from './refusal.js';

/** The forms of Circular 03/2025, derived from a dossier. */
export function paperwork({
  store,
  clock,
  access,
  publicOrigin,
}: {
  store: Pick<DossierStore, 'existingLookupKey'>;
  clock: Clock;
  access: ReturnType<typeof tenancy>;
  publicOrigin: () => string;
}) {
  /** One form (01–07) of a dossier the actor may see; not found when it does not apply (yet). Form 01 has the VietQR of what is due when `vietQr` writes it. */
  async function form(actor: Actor, commune: string, id: string, number: FormNumber, vietQr?: VietQrWriter) {
    const { config, dossier } = await access.dossierFor(actor, commune, id);
    const account = config.communes.find((c) => c.code === dossier.commune)?.collectionAccount;
    const data = formOf(dossier, number, {
      generatedAt: toVietnamIso(clock.now()),
      communes: config.communes,
      ...(account && vietQr ? { transferTo: { account, vietQr } } : {}),
    });
    if (!data) throw new Refused('not-found', `form ${number} does not exist for this dossier (status ${dossier.status})`);
    return { config, dossier, data };
  }

  /** The citizen's page a printed receipt (Form 01) points to with its QR code, with the secret it prints. */
  const receiptPage = citizenPages({ existingLookupKey: store.existingLookupKey, publicOrigin });

  /** A fee receipt (biên lai) of a dossier the actor may see, by its number; not found when the dossier has none of that number. */
  async function feeReceipt(actor: Actor, commune: string, id: string, number: number) {
    const { config, dossier } = await access.dossierFor(actor, commune, id);
    const communeName = config.communes.find((c) => c.code === dossier.commune)?.name ?? dossier.commune;
    const data = receiptDocument(dossier, number, { commune: communeName, onlineCollector: ONLINE_COLLECTOR }, amountInWords);
    if (!data) throw new Refused('not-found', `the dossier has no receipt number ${number}`);
    return { config, dossier, data };
  }

  return { form, receiptPage, feeReceipt };
}
