// ESLint (flat config): type-aware rules for TypeScript, and a fence around workflow code.
const tseslint = require('typescript-eslint');
const { builtinModules } = require('node:module');

/** Modules that do I/O or need Node: workflow code must not import them (determinism, sandbox). */
const IO_MODULES = ['pg', 'kysely', '@electric-sql/pglite', 'openai', 'grammy', 'googleapis', 'fastify', 'dotenv', '@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing'];
const nodeBuiltins = builtinModules.flatMap((m) => [m, `node:${m}`]);

/** Our workflows are named through the typed table (`common/workflow-types.ts`), never by a string of their own. */
const BY_NAME = 'Name the workflow through WORKFLOW_TYPES (src/common/workflow-types.ts) and start it with src/client/start-workflow.ts, so its input and result are typed.';
const WORKFLOW_BY_NAME = [
  { selector: "CallExpression[callee.property.name=/^(start|execute|signalWithStart)$/][callee.object.property.name='workflow'][arguments.0.type=/^(Literal|TemplateLiteral)$/]", message: BY_NAME },
  { selector: "CallExpression[callee.name=/^(startWorkflow|startOnce|workflowHandle)$/][arguments.1.type=/^(Literal|TemplateLiteral)$/]", message: BY_NAME },
  { selector: "Property[key.name='workflowType'][value.type=/^(Literal|TemplateLiteral)$/]", message: BY_NAME },
];

module.exports = tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', '.data/', 'test/.tmp/', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // Type-aware rules on the product's code, with the build's program (src only): the tests'
    // program pulls in every Google API's types, more than a linter process can hold.
    files: ['src/**/*.ts'],
    languageOptions: { parserOptions: { project: ['./tsconfig.build.json'], tsconfigRootDir: __dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      'no-restricted-syntax': ['error', ...WORKFLOW_BY_NAME],
    },
  },
  {
    files: ['src/workflows/**/*.ts', 'src/common/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins, ...IO_MODULES].map((name) => ({
            name,
            message: 'Workflow code runs in a deterministic sandbox: no Node built-ins or I/O. Call an activity instead.',
            allowTypeImports: true,
          })),
          patterns: [
            { group: ['**/activities/**', '**/db/**', '!**/db/post-status', '**/emulators/**', '**/api/**', '**/workers/**', '**/config/**'], message: 'Workflows import activity *types* only (`import type`).', allowTypeImports: true },
          ],
        },
      ],
    },
  },
);
