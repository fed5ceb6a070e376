// Lint is part of `npm test`. The module-boundary rule holds the architecture:
// services may import libs, libs never import services, pure libs import no I/O.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const ioModules = [
  'pg',
  'typeorm',
  'kafkajs',
  '@nestjs/*',
  'express',
  'fs',
  'node:fs',
  'fs/promises',
  'node:fs/promises',
  'http',
  'node:http',
  'https',
  'node:https',
  'net',
  'node:net',
  'child_process',
  'node:child_process',
];

/** What a project of each type may import; `type:app` files may also use `appExtra`. */
const libTypes = ['type:contracts', 'type:data', 'type:util', 'type:domain', 'type:pure'];
const moduleBoundaries = (appExtra = []) => [
  'error',
  {
    enforceBuildableLibDependency: false,
    allow: [],
    depConstraints: [
      { sourceTag: 'type:app', onlyDependOnLibsWithTags: [...libTypes, ...appExtra] },
      { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: [...libTypes, 'type:test'] },
      { sourceTag: 'type:tool', onlyDependOnLibsWithTags: libTypes },
      { sourceTag: 'type:test', onlyDependOnLibsWithTags: libTypes },
      {
        sourceTag: 'type:data',
        onlyDependOnLibsWithTags: ['type:contracts', 'type:data', 'type:util', 'type:pure'],
      },
      {
        sourceTag: 'type:util',
        onlyDependOnLibsWithTags: ['type:contracts', 'type:util', 'type:pure'],
      },
      { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:contracts', 'type:pure'] },
      { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts', 'type:pure'] },
      {
        sourceTag: 'type:pure',
        onlyDependOnLibsWithTags: ['type:pure'],
        bannedExternalImports: ioModules,
      },
      { sourceTag: 'scope:listen', onlyDependOnLibsWithTags: ['scope:listen', 'scope:shared'] },
      { sourceTag: 'scope:measure', onlyDependOnLibsWithTags: ['scope:measure', 'scope:shared'] },
      { sourceTag: 'scope:act', onlyDependOnLibsWithTags: ['scope:act', 'scope:shared'] },
      { sourceTag: 'scope:console', onlyDependOnLibsWithTags: ['scope:console', 'scope:shared'] },
      { sourceTag: 'scope:collect', onlyDependOnLibsWithTags: ['scope:collect', 'scope:shared'] },
    ],
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.nx/**', 'coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['../../*/**'], message: 'Import across features through a @continuum/<lib> alias.' },
          ],
        },
      ],
      '@nx/enforce-module-boundaries': moduleBoundaries(),
    },
  },
  {
    // Pure libs: module boundaries catch npm packages; Node's own I/O modules are caught here.
    files: ['libs/indicators/**/*.ts', 'libs/text/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ioModules
            .filter((m) => !m.includes('*'))
            .map((name) => ({ name, message: 'pure libs do no I/O' })),
          patterns: [{ group: ['@nestjs/*', 'node:*', '!node:crypto'], message: 'pure libs do no I/O' }],
        },
      ],
    },
  },
  {
    // A service's own integration specs run against the test stack like the e2e suite does.
    files: ['services/**/*.integration-spec.ts'],
    rules: { '@nx/enforce-module-boundaries': moduleBoundaries(['type:test']) },
  },
  {
    files: [
      '**/*.spec.ts',
      '**/*.integration-spec.ts',
      '**/*.e2e-spec.ts',
      'tests/**/*.ts',
      'libs/testing/**/*.ts',
    ],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
    },
  },
  prettier,
);
