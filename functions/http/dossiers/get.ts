import { access, audit } from '../../../shared/composition/app.js';
import { attachablePurposes } from '../../../shared/domain/attachments.js';
import { nationalSyncOfDossier } from '../../../shared/composition/national-portal.js';
import { allowedActions } from '../../../shared/domain/lifecycle.js';
import { routes } from '../../../shared/http/api/dossiers.js';
import { httpHandler } from '../../../shared/http/handler.js';
import type { DossierReadAnswer } from '../../../shared/http/answers/dossiers.js';
import { dossierView } from '../../../shared/http/views.js';

/** One dossier with its steps, hand-overs and history, what the caller may do with it now, and how it stands with the national portal. */
export const handler = httpHandler(
  routes.get,
  async ({ actor, params }) => {
    const { dossier } = await access.dossierFor(actor, params.c, params.id);
    const body: DossierReadAnswer = {
      ...dossierView(dossier),
      allowedActions: allowedActions(dossier, actor),
      attachablePurposes: attachablePurposes(dossier, actor),
      nationalSync: await nationalSyncOfDossier(dossier),
    };
    return { status: 200, body, headers: { etag: `"${dossier.version}"` }, accessed: { dossier, action: 'read' } };
  },
  { trail: audit },
);
