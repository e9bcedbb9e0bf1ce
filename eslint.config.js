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

/** Import patterns that name a folder of src: its index and anything in it. */
function layer(name) {
  return [`**/${name}`, `**/${name}/**`];
}

/** Layers workflow code may not import at run time (types are fine: activity types, the store's shapes). */
const WORKFLOW_FORBIDDEN_LAYERS = ['activities', 'db', 'emulators', 'api', 'workers', 'config'].flatMap(layer);
/** Layers `src/common` may not import at all, not even their types. */
const COMMON_FORBIDDEN_LAYERS = [...WORKFLOW_FORBIDDEN_LAYERS, ...['client', 'bot', 'cli', 'schedules', 'stack', 'wiring', 'temporal', 'observability'].flatMap(layer)];

/** Workflow code runs in a deterministic sandbox: no Node built-ins, no I/O, and only the layers it may reach. */
function sandboxFence({ layers, message, allowTypeImports }) {
  return {
    paths: [...nodeBuiltins, ...IO_MODULES].map((name) => ({
      name,
      message: 'Workflow code runs in a deterministic sandbox: no Node built-ins or I/O. Call an activity instead.',
      allowTypeImports: true,
    })),
    patterns: [{ group: layers, message, allowTypeImports }],
  };
}

module.exports = tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', '.data/', 'test/.tmp/', '**/*.js', '!bin/**/*.js', '**/*.mjs'] },
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
    // Scripts and the launcher start workflows the same way as src/ (the launcher is plain JavaScript).
    files: ['scripts/**/*.ts', 'bin/**/*.js'],
    rules: { 'no-restricted-syntax': ['error', ...WORKFLOW_BY_NAME] },
  },
  {
    // The emulators are a tool beside the service: no static import of them from src/ (the build and
    // the image leave them out; src/stack/load-emulators.ts loads them at run time in a clone).
    files: ['src/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ regex: '^(\\.\\./)+emulators(/|$)', message: 'The emulators are not part of the service: load them with src/stack/load-emulators.ts.' }] }] },
  },
  {
    // The emulators stand on their own: they model the vendors, never import the service.
    files: ['emulators/**/*.ts'],
    languageOptions: { parserOptions: { project: ['./emulators/tsconfig.json'], tsconfigRootDir: __dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ regex: '^(\\.\\./)+src(/|$)', message: 'The emulators model the vendors and do not import the service.' }] }],
    },
  },
  {
    files: ['src/workflows/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', sandboxFence({ layers: WORKFLOW_FORBIDDEN_LAYERS, message: 'Workflows import activity *types* only (`import type`).', allowTypeImports: true })] },
  },
  {
    // The shared vocabulary: everything else imports it, it imports none of them, not even their types.
    files: ['src/common/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', sandboxFence({ layers: COMMON_FORBIDDEN_LAYERS, message: 'src/common is the shared vocabulary: other layers import it, never the reverse (move the type into src/common).', allowTypeImports: false })] },
  },
);
