import type { OfficeHours, YearCalendar } from './calendar.js';
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
}
