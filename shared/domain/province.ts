import type { SignerRegistration } from './signing.js';
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
  /** The certificates registered to sign the communes' results: their leaders' (by official) and their seals. */
  signers?: SignerRegistration[];
}

/** A procedure as one commune offers it (its override applied); undefined when it does not offer it. */
function offeredBy(config: ProvinceConfig, commune: string, procedure: Procedure): Procedure | undefined {
  return procedureForCommune(
    procedure,
    config.overrides.find((o) => o.commune === commune && o.code === procedure.code),
  );
}

/** The catalogue of one commune: the province's procedures as the commune offers them, those it does not left out. */
export function communeCatalogue(config: ProvinceConfig, commune: string): Procedure[] {
  return config.procedures.flatMap((p) => offeredBy(config, commune, p) ?? []);
}

/** One procedure of a commune's catalogue (see communeCatalogue). */
export function communeProcedure(config: ProvinceConfig, commune: string, code: string): Procedure | undefined {
  const procedure = config.procedures.find((p) => p.code === code);
  return procedure && offeredBy(config, commune, procedure);
}
