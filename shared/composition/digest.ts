import { sendMail } from '../adapters/providers.js';
import { digestSent, getSlaReports, recordDigest } from '../adapters/reports.js';
import { digests } from '../app/digest.js';
import { provinces } from './app.js';
import { consoleOrigin } from './origin.js';

/** The morning digests of the SLA report, by e-mail through SES (locally kept by the message recorder). */
export const digest = /* @__PURE__ */ digests({
  store: { getSlaReports, digestSent, recordDigest },
  send: sendMail,
  provinces,
  consoleUrl: consoleOrigin,
});
