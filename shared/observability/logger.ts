import { Logger } from '@aws-lambda-powertools/logger';

/** Structured JSON logs. Never log a dossier's applicant, documents or free text: ids and codes only. */
export const logger = new Logger({ serviceName: 'mot-cua' });
