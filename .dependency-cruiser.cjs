// `npm run lint` runs this after eslint: no import cycle between files, none between folders (the
// domains of lib/), and imports only go down the layers (DESIGN.md: server → lib, app → lib →
// db/queries → db/client). server/lint-rules.test.ts plants a cycle and checks that this fails.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular-files',
      severity: 'error',
      comment: 'Two files import each other, directly or through others.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-circular-domains',
      severity: 'error',
      comment: 'Two folders (domains of lib/) import each other, directly or through others.',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'lib-stays-below-routes',
      severity: 'error',
      comment: 'lib/ is behaviour: it never imports routes, pages, components or the server.',
      from: { path: '^lib/' },
      to: { path: '^(app|server|components)/' },
    },
    {
      name: 'db-stays-below-lib',
      severity: 'error',
      comment: 'db/ holds SQL and the client: it never imports lib/, app/ or server/.',
      from: { path: '^db/' },
      to: { path: '^(lib|app|server|components)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|\\.next|dist)/|\\.test\\.tsx?$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] },
  },
};
