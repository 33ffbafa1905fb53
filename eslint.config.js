import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NO_JOBS = { group: ['**/jobs/**'], message: 'src/ never imports jobs/.' };
const NO_TEST = {
  group: ['**/test/**'],
  message: 'Product code never imports test/ (a tool both use lives in tools/).',
};
const NO_SRC = { group: ['**/src/**'], message: 'schemas/ imports nothing from src/.' };
const PURE = {
  group: [
    'kysely',
    'pg',
    'axios',
    'pino',
    '**/db/**',
    '**/platform/**',
    'node:fs',
    'node:http',
    '**/clock.js',
    '**/logger.js',
  ],
  message: 'src/reconcile is pure: no database, HTTP, file, clock or logger imports.',
};
const NO_COMMANDER = {
  group: ['commander'],
  message: 'Commander wiring lives in jobs/commands/ (and jobs/cli.ts); a job exposes run(deps).',
};
/** Another module's internals, seen from a file `up` folders below the folder holding the modules. */
const internalsOf = (up) => ({
  regex: `^${up}[^./][^/]*/(?!index\\.js$)`,
  message: 'Import another module through its index.js, not its internals.',
});

const CONFIG_LEAF = {
  group: ['../*', '!../errors.js'],
  message: 'src/config is a leaf: it reads its files itself and imports nothing from src/ but errors.js.',
};
/** The only files under jobs/ (besides jobs/commands/) that know commander. */
const CLI_FILES = ['jobs/cli.ts', 'jobs/exit-code.ts'];

/** One no-restricted-imports block per set of files (disjoint globs). */
function importBoundaries() {
  const block = (files, patterns, ignores = []) => ({
    files,
    ignores,
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  });
  return [
    block(['src/*.ts'], [NO_JOBS, NO_TEST, internalsOf('\\./')]),
    block(['src/config/*.ts'], [NO_JOBS, NO_TEST, CONFIG_LEAF]),
    block(['src/*/*.ts'], [NO_JOBS, NO_TEST, internalsOf('\\.\\./')], ['src/reconcile/**', 'src/config/**']),
    block(['src/*/*/**/*.ts'], [NO_JOBS, NO_TEST, internalsOf('\\.\\./\\.\\./')], ['src/reconcile/**']),
    block(['src/reconcile/**/*.ts'], [NO_JOBS, NO_TEST, PURE, internalsOf('\\.\\./')]),
    block(['jobs/*.ts'], [NO_TEST, NO_COMMANDER, internalsOf('\\.\\./src/')], CLI_FILES),
    block(CLI_FILES, [NO_TEST, internalsOf('\\.\\./src/')]),
    block(['jobs/*/**/*.ts'], [NO_TEST, internalsOf('\\.\\./\\.\\./src/')]),
    block(['schemas/**/*.ts'], [NO_SRC, NO_JOBS, NO_TEST]),
    block(['tools/**/*.ts'], [NO_TEST]),
  ];
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'reports/**',
      'coverage/**',
      'bin/**',
      '.odsync/**',
      'bench/tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  {
    // Migrations take Kysely<any> by design: they are frozen and must not depend on the app's types.
    files: ['src/db/migrations/**/*.ts', 'src/db/migrate.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  // Import boundaries. In flat config a later block replaces an earlier block's options for the
  // same rule, so each file gets exactly one no-restricted-imports block with all of its patterns.
  ...importBoundaries(),
  {
    // Jobs wire; queries are repository functions in src/ (a job never builds SQL).
    files: ['jobs/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression[callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|with)$/]',
          message: 'No SQL in jobs/: call a repository function in src/.',
        },
        {
          selector: "ImportDeclaration[source.value='kysely']",
          message: 'No SQL in jobs/: call a repository function in src/.',
        },
      ],
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
);
