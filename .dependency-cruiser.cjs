/**
 * The layers of billstream (README "Architecture") as rules that `npm test` checks
 * (test/static.test.ts runs dependency-cruiser on every module and fails naming each violation).
 * Type-only imports count: `tsPreCompilationDeps` keeps them in the graph.
 *
 *   tools/ bin/ (CLI)     src/api/ (REST)          sagas/
 *            \               |                      |
 *             +--------> src/app/ (use cases) <-----+        src/main.ts: the composition root,
 *                            |        \                       the only module that knows adapters
 *                            v         v
 *   projections/ ----> src/domain/  src/eventstore/port.ts  src/readstore/port.ts
 *                      (+ core, tax, rating, fx: pure)        ^ adapters: sqlite/, esdb/, mongodb/
 */
const PURE = '^src/(domain|core|tax|rating|fx)/';
const ADAPTERS = '^src/(eventstore/(sqlite|esdb)|readstore/(sqlite|mongodb)|docstore/fs)/';
/** Node modules that reach outside the process: none of them in pure code. */
const IO_BUILTINS = '^(node:)?(fs|fs/promises|net|http|https|http2|child_process|worker_threads|cluster|dgram|dns|os|readline|stream|stream/promises|tls|process|inspector|v8|vm)$';

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Every import goes one way: no module reaches itself again.', from: {}, to: { circular: true } },
    {
      name: 'no-orphans', severity: 'error', comment: 'A module nothing imports and that imports nothing is dead code.',
      from: { orphan: true, pathNot: ['\\.d\\.ts$', '(^|/)\\.[^/]+\\.(js|cjs|mjs|ts|json)$', '^test/', '^tools/bench/', '^vitest\\.config\\.ts$'] }, to: {},
    },
    {
      name: 'domain-is-pure', severity: 'error',
      comment: 'Domain code (and core, tax, rating, fx) is rules and deciders only: no port, projection, adapter, use case, composition root or I/O.',
      from: { path: PURE },
      to: { path: ['^src/(app|api|import|processing|eventstore|readstore)/', '^src/(main|config)\\.ts$', '^projections/', '^sagas/', '^tools/', '^bin/'] },
    },
    { name: 'domain-does-no-io', severity: 'error', comment: 'Pure code reads no files, sockets, processes or clock of the machine.', from: { path: PURE }, to: { dependencyTypes: ['core'], path: IO_BUILTINS } },
    {
      name: 'documents-are-rendered-from-their-input', severity: 'error',
      comment: 'Printable documents (src/documents/) are made from what the caller passes (a logo comes as bytes): no store, use case, adapter or file.',
      from: { path: '^src/documents/' },
      to: { path: ['^src/(app|api|import|processing|eventstore|readstore)/', '^src/(main|config)\\.ts$', '^projections/', '^sagas/', '^tools/', '^bin/'] },
    },
    { name: 'documents-do-no-io', severity: 'error', comment: 'Rendering a document reads no file, socket or process.', from: { path: '^src/documents/' }, to: { dependencyTypes: ['core'], path: IO_BUILTINS } },
    {
      name: 'app-takes-narrow-dependencies', severity: 'error',
      comment: 'Use cases get an explicit dependency object (src/app/deps.ts), never the composition root, an adapter, the REST layer or the sagas.',
      from: { path: ['^src/app/', '^src/import/'] },
      to: { path: ['^src/main\\.ts$', ADAPTERS, '^src/api/', '^sagas/', '^tools/', '^bin/'] },
    },
    {
      name: 'projections-read-events-only', severity: 'error',
      comment: 'Read models fold domain events: they never call a use case, the composition root, a saga or the REST layer.',
      from: { path: '^projections/' },
      to: { path: ['^src/(app|api|import)/', '^src/main\\.ts$', '^sagas/', '^tools/', ADAPTERS] },
    },
    {
      name: 'sagas-call-use-cases', severity: 'error',
      comment: 'Sagas react to events by calling application services; they do not know the composition root, adapters or the REST layer.',
      from: { path: '^sagas/' },
      to: { path: ['^src/main\\.ts$', ADAPTERS, '^src/api/', '^tools/'] },
    },
    {
      name: 'radius-server-calls-use-cases', severity: 'error',
      comment: 'The RADIUS server (src/radius/) is an edge like the REST layer: it calls use cases and pure code, never the composition root, an adapter, the REST layer, the sagas or the CLI.',
      from: { path: '^src/radius/' },
      to: { path: ['^src/main\\.ts$', ADAPTERS, '^src/api/', '^sagas/', '^tools/', '^bin/'] },
    },
    {
      name: 'radius-codec-is-pure', severity: 'error',
      comment: 'The RADIUS codec (src/radius/codec/) is bytes in, bytes out, like the domain: no store, use case, server or projection (node:crypto is allowed).',
      from: { path: '^src/radius/codec/' },
      to: { path: ['^src/(app|api|import|processing|eventstore|readstore)/', '^src/radius/(?!codec/|dictionaries/)', '^src/(main|config)\\.ts$', '^projections/', '^sagas/', '^tools/', '^bin/'] },
    },
    {
      name: 'radius-codec-does-no-io', severity: 'error',
      comment: 'Only the loader of the bundled dictionary files reads the disk; the rest of the codec reads no file, socket, process or clock.',
      from: { path: '^src/radius/codec/', pathNot: '^src/radius/codec/dictionary-files\\.ts$' },
      to: { dependencyTypes: ['core'], path: IO_BUILTINS },
    },
    {
      name: 'only-the-composition-root-knows-adapters', severity: 'error',
      comment: 'Adapters are chosen by src/main.ts; everything else talks to the ports (the store benchmark and the RADIUS benchmark\'s store-alone run measure the SQLite adapter itself).',
      from: { path: '^(src|projections|sagas|tools)/', pathNot: ['^src/main\\.ts$', ADAPTERS, '^tools/bench/store\\.ts$', '^tools/bench/radius-load/store-floor\\.ts$'] },
      to: { path: ADAPTERS },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(node_modules|data|examples)/' },
  },
};
