import { call } from './http';
import type { Dossier, DossierSummary, Page, Procedure } from './types';

export const dossierPath = (commune: string, id: string) => `/v1/communes/${encodeURIComponent(commune)}/dossiers/${encodeURIComponent(id)}`;

export const fetchDossier = (commune: string, id: string) => call<Dossier>('GET', dossierPath(commune, id));

export interface WorklistQuery {
  status?: string;
  step?: string;
  department?: string;
  assignee?: string;
  timeliness?: string;
}

export const fetchWorklist = (commune: string, query: WorklistQuery, cursor?: string) =>
  call<Page<DossierSummary>>('GET', `/v1/communes/${encodeURIComponent(commune)}/dossiers`, {
    query: { ...query, limit: 20, ...(cursor ? { cursor } : {}) },
  });

export const fetchCatalogue = (province: string) =>
  call<Page<Procedure>>('GET', `/v1/provinces/${encodeURIComponent(province)}/procedures`, { anonymous: true });
