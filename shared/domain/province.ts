import type { OfficeHours, YearCalendar } from './calendar.js';
import { procedureForCommune, type CommuneOverride } from './catalogue.js';
import type { Commune, Procedure } from './model.js';

/** Everything a province configures: communes, office hours, calendars and the catalogue. */
export interface ProvinceConfig {
  code: string;
  name: string;
  officeHours: OfficeHours;
  communes: Commune[];
  /** Office e-mail addresses that get the province's morning SLA roll-up. */
  reportRecipients?: string[];
  calendars: YearCalendar[];
  procedures: Procedure[];
  /** What communes make of the catalogue: procedures they do not offer, shorter times they commit to. */
  overrides: CommuneOverride[];
}

/** The catalogue of one commune: the province's procedures as the commune offers them, those it does not left out. */
export function communeCatalogue(config: ProvinceConfig, commune: string): Procedure[] {
  return config.procedures.flatMap((p) => {
    const offered = procedureForCommune(
      p,
      config.overrides.find((o) => o.commune === commune && o.code === p.code),
    );
    return offered ? [offered] : [];
  });
}
