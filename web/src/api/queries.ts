import { answer, api, ApiError } from './http';
import type { Action, Dossier, OfficialInput, ProvinceOfficial } from './types';

export const fetchDossier = (c: string, id: string) => answer(api.GET('/v1/communes/{c}/dossiers/{id}', { params: { path: { c, id } } }));

export const fetchMessages = (c: string, id: string) => answer(api.GET('/v1/communes/{c}/dossiers/{id}/messages', { params: { path: { c, id } } }));

export interface WorklistQuery {
  status?: Dossier['status'];
  step?: NonNullable<Dossier['step']>;
  department?: Dossier['department'];
  assignee?: string;
  timeliness?: 'EARLY' | 'ON_TIME' | 'LATE' | 'ON_TRACK' | 'AT_RISK' | 'OVERDUE';
  /** Only the dossiers whose last supplement request was answered ('true') or not ('false'). */
  supplied?: 'true' | 'false';
}

export const fetchWorklist = (c: string, query: WorklistQuery, cursor?: string) =>
  answer(api.GET('/v1/communes/{c}/dossiers', { params: { path: { c }, query: { ...query, limit: 20, ...(cursor ? { cursor } : {}) } } }));

/** What the desk searches by; the value travels in the body, never in the page's address. */
export type SearchKind = 'code' | 'idNumber' | 'phone';

export const searchDossiers = (c: string, kind: SearchKind, value: string, cursor?: string) =>
  answer(
    api.POST('/v1/communes/{c}/dossiers/search', {
      params: { path: { c } },
      body: { [kind]: value, limit: 20, ...(cursor ? { cursor } : {}) },
    }),
  );

export const fetchReceivedForOthers = (c: string, cursor?: string) =>
  answer(api.GET('/v1/communes/{c}/dossiers/received-for-others', { params: { path: { c }, query: { limit: 20, ...(cursor ? { cursor } : {}) } } }));

export const fetchCatalogue = (p: string) => answer(api.GET('/v1/provinces/{p}/procedures', { params: { path: { p } } }));

export const fetchReceipt = async (c: string, id: string) => {
  const form = await answer(api.GET('/v1/communes/{c}/dossiers/{id}/forms/{form}', { params: { path: { c, id, form: '01' } } }));
  if (typeof form === 'string' || form.form !== '01') throw new Error('the API answered another form than 01');
  return form;
};

/**
 * Carries out an action on the dossier. Every transition takes its own body on its own path; the
 * dialog builds the body its action needs, and the API validates it.
 */
export function transition(d: Pick<Dossier, 'commune' | 'id'>, action: Action, body: Record<string, unknown>) {
  // The payment's actions are under …/payment/ (shared/http/api/workflow.ts).
  const segment = action === 'collect' || action === 'waive' || action === 'refund' ? `payment/${action}` : action;
  const path = `/v1/communes/{c}/dossiers/{id}/${segment}` as '/v1/communes/{c}/dossiers/{id}/assign';
  return answer(api.POST(path, { params: { path: { c: d.commune, id: d.id } }, body: body as never }));
}

/**
 * Attaches a file: declared to the API, its bytes sent to the presigned URL it answered, then
 * checked by the server, which answers AVAILABLE or REJECTED with its reason.
 */
export async function uploadAttachment(d: Pick<Dossier, 'commune' | 'id'>, file: File, purpose: Dossier['attachablePurposes'][number]) {
  const path = { c: d.commune, id: d.id };
  const declared = await answer(
    api.POST('/v1/communes/{c}/dossiers/{id}/attachments', {
      params: { path },
      body: { name: file.name, purpose, contentType: file.type as 'application/pdf', size: file.size },
    }),
  );
  let stored: Response;
  try {
    stored = await fetch(declared.uploadUrl, { method: 'PUT', headers: declared.uploadHeaders, body: file });
  } catch {
    throw new ApiError({ title: 'Không tải được tệp lên', status: 0, detail: 'Kiểm tra đường truyền rồi thử lại.' });
  }
  if (!stored.ok) throw new ApiError({ title: 'Không tải được tệp lên', status: stored.status, detail: `Kho lưu trữ trả lời ${stored.status}.` });
  return answer(api.POST('/v1/communes/{c}/dossiers/{id}/attachments/{aid}/complete', { params: { path: { ...path, aid: declared.id } } }));
}

/** Downloads a checked file through its short-lived URL. */
export async function downloadAttachment(d: Pick<Dossier, 'commune' | 'id'>, aid: string) {
  const file = await answer(api.GET('/v1/communes/{c}/dossiers/{id}/attachments/{aid}', { params: { path: { c: d.commune, id: d.id, aid } } }));
  const link = document.createElement('a');
  link.href = file.downloadUrl;
  // Saved under its name; should the browser show it instead, in a tab of its own, the console stays open.
  link.download = file.name;
  link.target = '_blank';
  link.rel = 'noopener';
  link.click();
}

/** One step for many dossiers of a commune: a result per dossier, in order (each item its own step). */
export const batchTransition = (c: string, action: Action, items: { id: string; expectedVersion?: number; body?: Record<string, unknown> }[]) =>
  answer(api.POST('/v1/communes/{c}/dossiers/batch', { params: { path: { c } }, body: { action, items } }));

/** A signing session of a dossier's result: waiting on the signer's device, signed, or ended with the reason. */
export const fetchSigning = (c: string, id: string, sid: string) =>
  answer(api.GET('/v1/communes/{c}/dossiers/{id}/signing/{sid}', { params: { path: { c, id, sid } } }));

/** The media type a catalogue sheet is sent as, by its file name (browsers type .csv differently). */
const sheetType = (file: File) => (file.name.toLowerCase().endsWith('.csv') ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');

/** The province's annex imported: a report per row; a dry run writes nothing. */
export const importCatalogue = (p: string, file: File, dryRun: boolean) =>
  answer(
    api.POST('/v1/provinces/{p}/procedure-imports', {
      params: { path: { p }, query: { dryRun: dryRun ? 'true' : 'false' } },
      body: file as never,
      bodySerializer: (body: unknown) => body as File,
      headers: { 'content-type': sheetType(file) },
    }),
  );

/** Every official of the province, page after page of the user pool (at most 60 a page). */
export async function fetchOfficials(p: string): Promise<ProvinceOfficial[]> {
  const officials: ProvinceOfficial[] = [];
  let cursor: string | undefined;
  do {
    const page = await answer(api.GET('/v1/provinces/{p}/officials', { params: { path: { p }, query: { limit: 60, ...(cursor ? { cursor } : {}) } } }));
    officials.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return officials;
}

/** Appoints, moves, disables or enables an official: the whole of what the administrator sets. */
export const putOfficial = (p: string, username: string, input: OfficialInput) =>
  answer(api.PUT('/v1/provinces/{p}/officials/{username}', { params: { path: { p, username } }, body: input }));
