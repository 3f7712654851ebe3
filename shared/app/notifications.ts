import type { DossierEvent, DossierImage } from '../domain/events.js';
import type { Actor, Dossier } from '../domain/model.js';
import {
  addressOf,
  channelsOf,
  MESSAGE_TEXT_ROLES,
  noticeOf,
  NOTIFIED_TYPES,
  type NotifyChannel,
  type OutgoingMessage,
  type SentMessage,
} from '../domain/notifications.js';
import { logger } from '../observability/logger.js';
import type { tenancy } from './access.js';
import { citizenPages, type CitizenPageDeps } from './citizen-page.js';
import type { Clock } from './ports.js';
import { Refused } from './refusal.js';

export type { OutgoingMessage, SentMessage };

/** Sends one message through its channel's provider (SMS, e-mail, Zalo); throws when the provider refused or failed. */
export type MessageSender = (message: OutgoingMessage) => Promise<void>;

export interface MessageStore {
  /** Eventually consistent when `consistent` is false. */
  getDossier(commune: string, id: string, consistent?: boolean): Promise<Dossier | undefined>;
  /** The dossier of an event's image, with its procedure from the catalogue. */
  withProcedure(image: DossierImage): Promise<Dossier>;
  /** Whether the message of this dossier version on this channel was sent already. */
  messageSent(commune: string, dossierId: string, version: number, channel: NotifyChannel): Promise<boolean>;
  recordMessage(message: SentMessage): Promise<void>;
  listMessages(commune: string, dossierId: string): Promise<SentMessage[]>;
}

/** The messages link to the dossier's citizen page (CitizenPageDeps). */
export interface NotificationDeps extends CitizenPageDeps {
  store: MessageStore;
  send: MessageSender;
  clock: Clock;
}

/**
 * Tells the applicant of an event on each of their channels. Each channel's message is sent
 * once: a redelivered event finds it recorded and sends nothing; a provider failure throws, so
 * the event comes back and only the channels not yet sent are tried again.
 */
export function notifications({ store, send, clock, ...pages }: NotificationDeps) {
  const citizenPageOf = citizenPages(pages);
  /** The dossier as of the event: the image it carries, or (when the dossier did not fit in the message) read. */
  async function dossierOf(event: DossierEvent, image?: DossierImage): Promise<Dossier | undefined> {
    if (image) return store.withProcedure(image);
    // An eventually consistent read is enough unless it answers a version before the event's.
    const early = await store.getDossier(event.commune, event.dossierId, false);
    return early && early.version >= event.version ? early : store.getDossier(event.commune, event.dossierId);
  }

  async function notify(event: DossierEvent, image?: DossierImage): Promise<number> {
    // Most events tell the citizen nothing: decided from the event alone, without reading the dossier.
    if (!NOTIFIED_TYPES.includes(event.type)) return 0;
    const dossier = await dossierOf(event, image);
    // A dossier that is not there (yet) on a consistent read was never stored: nothing to tell.
    if (!dossier) return 0;
    const notice = noticeOf(event.type, dossier, (await citizenPageOf(dossier))?.url);
    if (!notice) return 0;
    let sent = 0;
    for (const channel of channelsOf(dossier.applicant)) {
      if (await store.messageSent(event.commune, event.dossierId, event.version, channel)) continue;
      await send({ channel, to: addressOf(dossier.applicant, channel), dossierId: event.dossierId, type: event.type, notice });
      await store.recordMessage({
        commune: event.commune,
        dossierId: event.dossierId,
        version: event.version,
        channel,
        type: event.type,
        at: new Date(clock.now()).toISOString(),
        text: notice.text,
      });
      logger.info('applicant notified', { dossierId: event.dossierId, type: event.type, channel, version: event.version });
      sent++;
    }
    return sent;
  }
  return { notify };
}

/** One message as the dossier's page lists it: never the address; the text only for the roles that talk to the citizen. */
export type ListedMessage = Omit<SentMessage, 'commune' | 'dossierId'>;

/** The messages sent to the applicant of a dossier, for the officials who may see it (the province's inspector among them, without the texts). */
export function sentMessages({ store, access }: { store: Pick<MessageStore, 'listMessages'>; access: ReturnType<typeof tenancy> }) {
  /** Oldest first; `textShown` says whether the answer carries personal data (the texts), for the access trail. */
  async function messagesOf(
    actor: Actor,
    commune: string,
    id: string,
  ): Promise<{ dossier: { commune: string; id: string }; items: ListedMessage[]; textShown: boolean }> {
    // Officials only: a portal tells its citizens itself (its webhooks), and is not told what the centre sent.
    if (actor.roles.includes('PORTAL')) throw new Refused('forbidden', "a dossier's messages are read by officials who may see the dossier");
    const { dossier, actor: acting } = await access.dossierFor(actor, commune, id);
    const textShown = acting.roles.some((r) => MESSAGE_TEXT_ROLES.includes(r));
    const items = (await store.listMessages(dossier.commune, dossier.id)).map(({ channel, type, at, version, text }): ListedMessage => ({
      channel,
      type,
      at,
      version,
      ...(textShown && text !== undefined ? { text } : {}),
    }));
    return { dossier, items, textShown: textShown && items.some((m) => m.text !== undefined) };
  }
  return { messagesOf };
}
