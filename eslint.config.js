// @ts-check
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

/*
 * The layering of the code base (docs/architecture.md), checked on every import by the file it
 * resolves to: each element may import only the elements listed for it.
 */
const ELEMENTS = [
  { type: 'domain', pattern: 'shared/domain' },
  { type: 'identity', pattern: 'shared/identity' },
  { type: 'observability', pattern: 'shared/observability' },
  { type: 'adapters', pattern: 'shared/adapters' },
  { type: 'access', pattern: 'shared/access' },
  { type: 'app', pattern: 'shared/app' },
  { type: 'composition', pattern: 'shared/composition' },
  { type: 'http', pattern: 'shared/http' },
  { type: 'queues', pattern: 'shared/queues' },
  { type: 'streams', pattern: 'shared/streams' },
  { type: 'client', pattern: 'shared/client' },
  { type: 'functions', pattern: 'functions' },
  { type: 'local', pattern: 'infra/local' },
  { type: 'infra', pattern: 'infra' },
];

/** Files of element `from` may import files of the elements `to` (and nothing else of ours). */
const allow = (from, ...to) => ({ from: { element: { type: from } }, allow: { to: { element: { types: { anyOf: to } } } } });

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdk.out/**', '.local/**', 'web/**', 'shared/client/openapi.d.ts'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommended],
    rules: {
      // Unused locals are a type error already (noUnusedLocals); `_name` marks a value left out on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    // Tests and scripts read answers as JSON and look into them field by field.
    files: ['test/**/*.ts', 'scripts/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['shared/**/*.ts', 'functions/**/*.ts', 'infra/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': ELEMENTS,
      'boundaries/include': ['shared/**/*.ts', 'functions/**/*.ts', 'infra/**/*.ts'],
      'import/resolver': { typescript: { alwaysTryTypes: true } },
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          message: '{{from.element.type}} may not import {{to.element.type}} (docs/architecture.md, the dependency rule)',
          policies: [
            allow('domain', 'domain'),
            allow('identity', 'identity', 'domain'),
            allow('observability', 'observability'),
            allow('adapters', 'adapters', 'domain', 'identity', 'observability'),
            // The vocabulary of least privilege: the table's indexes, the hand-over queues.
            allow('access', 'adapters', 'domain'),
            allow('app', 'app', 'domain', 'identity', 'observability'),
            allow('composition', 'composition', 'app', 'adapters', 'domain', 'streams'),
            allow('http', 'http', 'app', 'domain', 'observability', 'access'),
            allow('queues', 'queues', 'app', 'domain', 'observability'),
            // The table's stream carries stored items: the adapters read them back into dossiers.
            allow('streams', 'streams', 'domain', 'adapters', 'observability'),
            allow('client', 'client'),
            allow('functions', 'http', 'queues', 'streams', 'composition', 'app', 'domain', 'identity', 'observability'),
            allow('infra', 'infra', 'domain', 'adapters', 'http', 'app', 'access'),
            allow('local', 'local', 'infra', 'domain', 'identity', 'adapters', 'observability', 'http', 'app', 'composition'),
          ],
        },
      ],
    },
  },
);
