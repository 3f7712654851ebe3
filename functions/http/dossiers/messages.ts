import { audit, messages } from '../../../shared/composition/app.js';
import type { DossierEventType } from '../../../shared/domain/events.js';
import { toVietnamIsoMs } from '../../../shared/domain/time.js';
import { routes } from '../../../shared/http/api/dossiers.js';
import { httpHandler } from '../../../shared/http/handler.js';
import type { SentMessagesAnswer } from '../../../shared/http/answers/dossiers.js';

/** The messages sent to the dossier's applicant (channel, type, when), with their text for the desk and the leader. */
export const handler = httpHandler(
  routes.messages,
  async ({ actor, params }) => {
    const { dossier, items, textShown } = await messages.messagesOf(actor, params.c, params.id);
    const body: SentMessagesAnswer = {
      items: items.map((m) => ({ ...m, type: m.type as DossierEventType, at: toVietnamIsoMs(Date.parse(m.at)) })),
      nextCursor: null,
    };
    // The texts are the applicant's personal data: reading them goes on the trail (never the texts themselves).
    return { status: 200, body, ...(textShown ? { accessed: { dossier, action: 'messages-read' } } : {}) };
  },
  { trail: audit },
);
