import type { Schemas } from '../../../shared/client';

import type { Department, Role } from '../../../shared/domain/model.js';

export type { Action } from '../../../shared/domain/lifecycle.js';
export type { Department, DocumentKind, Role, Standing, Timeliness } from '../../../shared/domain/model.js';

/** A problem as the API answers it; one made up in the browser (no connection) may lack type and detail. */
export type Problem = Omit<Schemas['Problem'], 'type' | 'detail'> & { type?: string; detail?: string };
export type Dossier = Schemas['DossierRead'];
export type CreatedDossier = Schemas['CreatedDossier'];
export type DossierSummary = Schemas['DossierSummary'];
export type DossierDocument = Schemas['Document'];
export type Procedure = Schemas['Procedure'];
export type ReceiptForm = Schemas['Form01'];
export type SlaReport = Schemas['SlaReport'];
export type ProvinceSlaReport = Schemas['ProvinceSlaReport'];
export type Statistics = Schemas['Statistics'];
export type StatisticsLine = Schemas['StatisticsLine'];
export type SentMessage = Schemas['SentMessage'];
export type SigningSession = Schemas['SigningSession'];
/** A digital signature of a file, as the API reads and checks it. */
export type FileSignature = Schemas['FileSignatures'][number];
/** An official of the province's user pool, as the administration lists them. */
export type ProvinceOfficial = Schemas['Official'];
/** What the administrator sets of an official. */
export type OfficialInput = Omit<ProvinceOfficial, 'username' | 'sub' | 'province'>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A seeded official of the local runtime, as its sign-in page lists them. */
export interface Official {
  username: string;
  sub: string;
  /** The person's name, which their token carries. */
  name: string;
  /** Name, post and place, as the sign-in page lists them. */
  label: string;
  roles: Role[];
  province: string;
  commune?: string;
  department?: Department;
}
