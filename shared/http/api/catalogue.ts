import { resource } from '../route.js';
import { communeParams, provinceParams } from './common.js';

const route = resource({ name: 'Catalogue', description: 'The public procedure catalogue of a province' });

export const routes = {
  list: route({
    name: 'procedures-list',
    method: 'GET',
    path: '/v1/provinces/{p}/procedures',
    entry: 'functions/http/procedures/list.ts',
    public: 'the published procedure catalogue of a province, which every citizen and portal may read. It returns no personal data.',
    params: provinceParams,
    // A Query of P#<p>.
    access: { table: ['Query'] },
    summary: 'The procedure catalogue of a province',
    description:
      'The current version of every procedure, sorted by code; a dossier keeps the version it was accepted under. `communes` lists the communes of the province (unit code, name): any of them may be the competent commune of a dossier a desk receives (province-wide reception).',
    answers: { 200: 'Catalogue' },
  }),
  communeList: route({
    name: 'procedures-commune-list',
    method: 'GET',
    path: '/v1/communes/{c}/procedures',
    entry: 'functions/http/procedures/commune-list.ts',
    public:
      'the catalogue a commune offers, the published catalogue of its province with its overrides, which every citizen and portal may read. It returns no personal data.',
    params: communeParams,
    // A Query of P#<p> of each province served (one, in production).
    access: { table: ['Query'] },
    summary: 'The procedure catalogue of a commune',
    description:
      "The province's catalogue as this commune offers it: the procedures it does not offer left out, the shorter processing time (and step budgets) it commits to in place of the province's. Fees are the province's.",
    answers: { 200: 'Catalogue' },
  }),
};
