/*
 * The layer rules of docs/architecture.md, checked by dependency-cruiser in `./dev test`
 * (`npm run lint:deps`; scripts/check-layer-rules.js proves each rule on a planted violation).
 * A rule names the layer folders of the backend plugin's target layout;
 * a folder that does not exist simply matches nothing. Tests and test helpers may wire any layers
 * together (a router test builds a store), so the layer rules apply to production code only; the
 * cycle rule applies to everything.
 */

const backend = '^plugins/itsm-backend/src/';
const testCode =
  '(\\.test\\.tsx?$|/__testUtils__/|/testUtils/|/setupTests\\.ts$)';

/** A backend layer folder, as a path regex. */
const layer = (...names) => `${backend}(${names.join('|')})/`;

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'No import cycles anywhere: a cycle means two modules cannot be understood (or tested) one without the other.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment:
        'domain/ holds the pure ITSM rules: it imports only itself, plugins/itsm-common and plain libraries (Luxon, zod), never another backend layer.',
      from: { path: `${backend}domain/`, pathNot: testCode },
      to: {
        path: [
          layer(
            'app',
            'http',
            'store',
            'jobs',
            'permissions',
            'catalog',
            'integrations',
            'search',
            'scaffolder',
            'demo',
          ),
          `${backend}(plugin|config)\\.ts$`,
        ],
      },
    },
    {
      name: 'domain-has-no-io',
      severity: 'error',
      comment:
        'domain/ does no I/O: no database (knex), no HTTP (express), no file system or network, no Backstage backend services.',
      from: { path: `${backend}domain/`, pathNot: testCode },
      to: {
        path: [
          '(^|/)node_modules/(knex|express|express-promise-router|@backstage/backend-plugin-api|@backstage/backend-defaults|@backstage/backend-openapi-utils|@backstage/catalog-client|@backstage/plugin-catalog-node|@backstage/plugin-notifications-node|@backstage/plugin-permission-node|better-sqlite3|pg|mysql2)/',
          '^(node:)?(fs|fs/promises|http|https|http2|net|tls|dgram|dns|child_process|cluster|worker_threads)$',
        ],
      },
    },
    {
      name: 'store-is-the-bottom',
      severity: 'error',
      comment:
        'store/ is the only SQL and sits under the application: it imports domain/ and plugins/itsm-common, never app/, http/, jobs/ or permissions/ (the permission query types live in store/).',
      from: { path: `${backend}store/`, pathNot: testCode },
      to: { path: layer('app', 'http', 'jobs', 'permissions', 'demo') },
    },
    {
      name: 'http-goes-through-app',
      severity: 'error',
      comment:
        'http/ only translates HTTP: it calls the application layer (app/), never the store directly.',
      from: { path: `${backend}http/`, pathNot: testCode },
      to: { path: layer('store') },
    },
    {
      name: 'app-knows-no-http',
      severity: 'error',
      comment:
        'app/ is called by http/ and jobs/, not the other way round: no HTTP types or routes in the application layer.',
      from: { path: `${backend}app/`, pathNot: testCode },
      to: {
        path: [
          layer('http'),
          '(^|/)node_modules/(express|express-promise-router)/',
        ],
      },
    },
    {
      name: 'jobs-go-through-app',
      severity: 'error',
      comment:
        'jobs/ are scheduled callers of the application layer, beside http/; they never import http/.',
      from: { path: `${backend}jobs/`, pathNot: testCode },
      to: { path: layer('http') },
    },
    {
      name: 'adapters-not-to-http',
      severity: 'error',
      comment:
        'permissions/, catalog/, integrations/, search/, scaffolder/ and demo/ sit beside the application layer; none of them reaches into http/.',
      from: {
        path: layer(
          'permissions',
          'catalog',
          'integrations',
          'search',
          'scaffolder',
          'demo',
        ),
        pathNot: testCode,
      },
      to: { path: layer('http') },
    },
    {
      name: 'gateways-below-app',
      severity: 'error',
      comment:
        'permissions/ and catalog/ are what the application layer is given (the guard, the catalog gateway): they never import app/.',
      from: { path: layer('permissions', 'catalog'), pathNot: testCode },
      to: { path: layer('app') },
    },
    {
      name: 'demo-goes-through-app',
      severity: 'error',
      comment:
        'The demo seeder writes through the application layer only, like any other caller.',
      from: { path: `${backend}demo/`, pathNot: testCode },
      to: { path: layer('store') },
    },
    {
      name: 'frontend-not-to-backend',
      severity: 'error',
      comment:
        'The frontend plugin runs in the browser: it shares rules with the backend through plugins/itsm-common only.',
      from: { path: '^plugins/itsm/' },
      to: { path: '^plugins/itsm-backend/' },
    },
    {
      name: 'common-imports-no-plugin',
      severity: 'error',
      comment:
        'plugins/itsm-common is imported by the frontend and the backend, so it imports neither.',
      from: { path: '^plugins/itsm-common/' },
      to: { path: '^plugins/(itsm|itsm-backend)/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment:
        'An import that cannot be resolved (a typo, or a dependency missing from package.json).',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: '(^|/)node_modules/' },
    // Build output and run artifacts (node_modules is only not followed: its modules stay in
    // the graph, so the rules can forbid a library).
    exclude: {
      path: [
        '^(plugins|packages)/[^/]+/(dist|dist-types|coverage)/',
        '^test/[^/]+/artifacts/',
      ],
    },
    // Type-only imports count too: a type cycle is still a cycle in the reader's head.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.cjs', '.mjs', '.d.ts', '.json'],
    },
    // Workspace packages are linked into node_modules: follow the link to plugins/…, so the
    // plugin rules see the real folder.
    preserveSymlinks: false,
  },
};
