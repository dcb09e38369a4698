/**
 * The layers of src/ as rules, checked by `npm run lint:layers` (dependency-cruiser) in CI.
 * The house reads top-down: main → cli → app (the composition root) → server → http,
 * transport, webhooks → resolvers → request → ports → domain; vendors implement ports;
 * identity, events and store sit beside them below the request. README.md, Layout, says
 * what each folder holds.
 *
 * Type-only imports count: a type that crosses a layer the wrong way is the same
 * dependency as a value that does, only discovered later.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'A cycle makes two modules one; split out what both need (usually a type, into ports/ or domain/).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-imports-nothing-of-ours',
      severity: 'error',
      comment: 'domain/ is the vocabulary every layer shares: models, ids, the vendor enum and its precedence.',
      from: { path: '^src/domain/' },
      to: { path: '^src/', pathNot: '^src/domain/' },
    },
    {
      name: 'ports-import-only-domain-and-errors',
      severity: 'error',
      comment: 'ports/ are the contracts vendor modules implement and the helpers they need; they sit on domain/ alone (and the schema\'s own types).',
      from: { path: '^src/ports/' },
      to: { path: '^src/', pathNot: ['^src/ports/', '^src/domain/', '^src/errors\\.ts$', '^src/generated/graphql\\.ts$', '^src/store/(store|tables)\\.ts$'] },
    },
    {
      name: 'vendors-stay-below-the-gateway',
      severity: 'error',
      comment: 'A vendor module implements ports/; it never reaches up into events, resolvers, the request, identity, webhooks, transport or the server.',
      from: { path: '^src/vendors/' },
      to: {
        path: '^src/',
        pathNot: ['^src/vendors/', '^src/ports/', '^src/domain/', '^src/errors\\.ts$', '^src/generated/graphql\\.ts$', '^src/store/(store|tables)\\.ts$'],
      },
    },
    {
      name: 'vendor-folders-are-apart',
      severity: 'error',
      comment: 'A vendor folder uses its own files and the shared HTTP layer, never another vendor\'s.',
      from: { path: '^src/vendors/([^/]+)/' },
      to: { path: '^src/vendors/', pathNot: ['^src/vendors/$1/', '^src/vendors/http/'] },
    },
    {
      name: 'vendor-http-is-vendor-neutral',
      severity: 'error',
      from: { path: '^src/vendors/http/' },
      to: { path: '^src/vendors/', pathNot: '^src/vendors/http/' },
    },
    {
      name: 'only-the-composition-root-knows-the-vendor-list',
      severity: 'error',
      comment: 'The registry is the one list of vendor modules; app.ts (and the commands it composes) hands it to the rest.',
      from: { path: '^src/', pathNot: ['^src/vendors/registry\\.ts$', '^src/app\\.ts$', '^src/config\\.ts$'] },
      to: { path: '^src/vendors/(registry\\.ts|[^/]+/index\\.ts)$', pathNot: '^src/vendors/http/' },
    },
    {
      name: 'simulators-share-no-code-with-the-gateway',
      severity: 'error',
      comment: 'A simulator is written from the vendor\'s document, not from our client, so a misreading cannot cancel itself out.',
      from: { path: '^src/simulators/' },
      to: { path: '^src/', pathNot: ['^src/simulators/', '^src/domain/vendor\\.ts$'] },
    },
    {
      name: 'resolvers-see-ports-not-vendors',
      severity: 'error',
      from: { path: '^src/resolvers/' },
      to: { path: '^src/(vendors|store|identity|webhooks|transport|idempotency)/' },
    },
    {
      name: 'events-import-no-vendor',
      severity: 'error',
      from: { path: '^src/events/' },
      to: { path: '^src/(vendors|resolvers|request|webhooks|transport|identity)/' },
    },
    {
      name: 'access-is-a-core-module',
      severity: 'error',
      comment: 'access/ decides who may do what; the server, the request scope and resolvers apply it. Like events/, it reads no vendor, and it never reaches up into the request, resolvers or the server.',
      from: { path: '^src/access/' },
      to: { path: '^src/(vendors|resolvers|request|webhooks|transport|identity|events|server|app)' },
    },
    {
      name: 'generated-is-imported-for-types-only',
      severity: 'error',
      from: {},
      to: { path: '^src/generated/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'request-below-resolvers',
      severity: 'error',
      comment: 'The request scope serves resolvers; it never imports them (resolver code it needs belongs in request/ or below).',
      from: { path: '^src/request/' },
      to: { path: '^src/(resolvers|server|app|http|transport|webhooks)' },
    },
    {
      name: 'identity-below-the-request',
      severity: 'error',
      from: { path: '^src/identity/' },
      to: { path: '^src/(vendors|resolvers|request|events|webhooks|transport|server|app)' },
    },
    {
      name: 'store-is-the-bottom',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^src/', pathNot: ['^src/store/', '^src/domain/'] },
    },
  ],
  options: {
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
    doNotFollow: { path: 'node_modules' },
  },
};
