// Lint is where the architecture is enforced, so a boundary cannot erode unnoticed (docs/architecture.md "Shape"):
// apps never import apps; contracts import no I/O library; kafkajs lives only in
// libs/messaging; libs/testing is imported only by tests.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const ioLibraries = [
  'pg',
  'pg-*',
  'typeorm',
  '@nestjs/typeorm',
  'kafkajs',
  '@nestjs/microservices',
  'fs',
  'node:fs',
  'net',
  'node:net',
  'http',
  'node:http',
  'fastify',
  'express',
];

export default [
  { ignores: ['**/node_modules', '**/dist', '**/tmp', '**/coverage', '.nx/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            {
              sourceTag: 'scope:contracts',
              onlyDependOnLibsWithTags: ['scope:contracts', 'scope:identity', 'scope:calendar'],
              bannedExternalImports: ioLibraries,
            },
            {
              sourceTag: 'scope:identity',
              onlyDependOnLibsWithTags: ['scope:calendar'],
              bannedExternalImports: ioLibraries,
            },
            // calendar arithmetic is imported by every lib, so it depends on none and does no I/O
            { sourceTag: 'scope:calendar', onlyDependOnLibsWithTags: [], bannedExternalImports: ioLibraries },
            {
              // the eligibility predicates are pure: parameters come in as values, nothing is read or sent
              sourceTag: 'scope:eligibility',
              onlyDependOnLibsWithTags: ['scope:contracts', 'scope:identity', 'scope:policy-params', 'scope:calendar'],
              bannedExternalImports: [...ioLibraries, '@nestjs/*'],
            },
            { sourceTag: 'scope:platform', bannedExternalImports: ['kafkajs'] },
            { sourceTag: 'scope:policy-params', bannedExternalImports: ['kafkajs', 'pg', 'typeorm', '@nestjs/*'] },
            { sourceTag: 'scope:testing', bannedExternalImports: ['kafkajs'] },
            { sourceTag: 'type:app', bannedExternalImports: ['kafkajs'] },
          ],
        },
      ],
    },
  },
  {
    // @nx/enforce-module-boundaries does not police Node built-ins, so the pure libs ban the
    // I/O ones here. Flat config replaces a rule's options, hence the repeated testing entry.
    files: ['libs/contracts/**/*.ts', 'libs/identity/**/*.ts', 'libs/calendar/**/*.ts', 'libs/eligibility/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@civic/testing', message: 'libs/testing is for tests only.' },
            ...[
              'fs',
              'node:fs',
              'fs/promises',
              'node:fs/promises',
              'net',
              'node:net',
              'http',
              'node:http',
              'https',
              'node:https',
              'child_process',
              'node:child_process',
              'dgram',
              'node:dgram',
            ].map((name) => ({ name, message: 'contracts, identity, calendar and eligibility do no I/O.' })),
          ],
        },
      ],
    },
  },
  {
    // outside the module graph: benchmark scripts reuse bench/'s helpers, and the dead-letter API
    // test runs on the fault suite's fixture service (faults/fixture-service)
    files: ['apps/*/bench/**/*.ts', 'libs/operations/test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    // production code may not reach for the test harness
    files: ['**/*.ts'],
    ignores: [
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/*.e2e-spec.ts',
      '**/test/**',
      'libs/testing/**',
      'libs/contracts/**',
      'libs/identity/**',
      'libs/eligibility/**',
      'libs/calendar/**',
      'bench/**',
      'apps/*/bench/**',
      'faults/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: '@civic/testing', message: 'libs/testing is for tests only.' }] },
      ],
    },
  },
];
