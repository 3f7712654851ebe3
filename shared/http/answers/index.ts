/** Every module of answers: loading them names each answer in the contract's registry (answers/common.ts). */
export * as administration from './administration.js';
export * as catalogue from './catalogue.js';
export * as common from './common.js';
export * as contract from './contract.js';
export * as dossiers from './dossiers.js';
export * as files from './files.js';
export * as forms from './forms.js';
export * as lookup from './lookup.js';
export * as reports from './reports.js';
export * as webhooks from './webhooks.js';
export * as workflow from './workflow.js';
export * as payment from './payment.js';
export * as officials from './officials.js';
export * as signing from './signing.js';
