// @ts-check
import tseslint from 'typescript-eslint'

/**
 * Module boundaries (README, "Architecture"): a module's SQL is private to its service, pages and
 * API files speak only to services, and the workbook engine knows nothing of the modules. These
 * rules are what keep that true; `npm run lint` also fails on an import cycle (madge).
 */
const otherModulesSql = {
  group: ['../*/*.queries.ts', '../../modules/*/*.queries.ts', '**/modules/*/*.queries.ts', '../*/*.queries'],
  message:
    "A module's SQL is private: reach another module through its service (injected in createServices).",
}
const anySql = {
  group: ['./*.queries.ts', '**/*.queries.ts'],
  message: 'Pages and API files call services; only the service reads its queries.',
}
const databaseDirect = {
  group: ['drizzle-orm', 'drizzle-orm/*', '**/db/schema', '**/db/schema/*', '**/db/schema/index.ts'],
  message: 'Only *.queries.ts files (and src/db) touch tables and the query builder.',
}
const modulesFromEngine = {
  group: ['**/modules/**', '../modules/*', '../../modules/*'],
  message: 'The workbook engine is generic: sheets live beside their modules, in src/modules/*/*.sheet.ts.',
}

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.scratch*',
      '.scratch*/',
      'data/',
      'coverage/',
      'src/db/migrations/',
      'e2e/artifacts/',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  { files: ['**/*.js', '**/*.mjs', 'bin/**'], ...tseslint.configs.disableTypeChecked },
  {
    // Tests read JSON answers (`res.json()` is `any`) and poke at them: the unsafe-any rules would
    // only add casts there. Everything else in a test is checked like the code.
    files: ['**/*.test.ts', 'test/**', 'e2e/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    files: ['src/cli/**', 'bench/**', 'bin/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
  // Everything in src except a module's own service and queries: no other module's SQL.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.fixtures.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [otherModulesSql] }] },
  },
  // Services and the rest of a module: the query builder only through their own queries.
  {
    files: ['src/modules/**/*.ts'],
    ignores: ['**/*.queries.ts', '**/*.test.ts', 'src/**/*.fixtures.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [otherModulesSql, { ...databaseDirect, allowTypeImports: true }] },
      ],
    },
  },
  {
    files: ['src/**/*.pages.ts', 'src/**/*.api.ts', 'src/**/*.presenter.ts', 'src/plugins/**', 'src/app.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [otherModulesSql, anySql, databaseDirect] }] },
  },
  {
    files: ['src/workbook/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [otherModulesSql, modulesFromEngine] }] },
  },
)
