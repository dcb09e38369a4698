import tseslint from 'typescript-eslint';

/**
 * Type-aware lint (`npm run lint`, in CI): a few rules for what the compiler lets
 * through and a gateway cannot afford, each chosen on purpose rather than a preset:
 *
 * - no-floating-promises, no-misused-promises, await-thenable: a promise nobody awaits
 *   or catches is a rejection that crashes the process or vanishes (a webhook answered
 *   before its event was stored, a timer callback whose failure nobody hears of).
 *   Object properties are not checked for void returns: Fastify's hook and handler
 *   options take async functions by design.
 * - switch-exhaustiveness-check: tagged unions are handled with `switch`; a new member
 *   (an event kind, a sync phase) must reach every switch over them.
 * - consistent-type-imports: type-only imports are marked as such, so the layer check
 *   (.dependency-cruiser.cjs) and the emitted JavaScript agree on what a module loads.
 * - only-throw-error: everything thrown is an Error, so the error shaping (src/http)
 *   and the logs always have a message and a stack.
 *
 * Left out on purpose: no-unnecessary-condition, whose narrowing does not see a flag
 * that close() sets while a run awaits (`closed`, `stopped`), nor values the lib types
 * call impossible (JSON.stringify of undefined, unchecked vendor input): a third of its
 * findings here were such, the rest teardown guards in tests. And return-await, which
 * would have `return reply.send(...)`, Fastify's idiom, awaited inside try blocks.
 */
export default tseslint.config(
  // bench/peer holds other gateways' configuration files, outside the TypeScript project.
  { ignores: ['dist/**', 'node_modules/**', 'src/generated/**', 'src/ide/browser/**', 'bench/results/**', 'bench/peer/**'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { properties: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/only-throw-error': 'error',
    },
  },
);
