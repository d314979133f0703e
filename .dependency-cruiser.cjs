/**
 * The structure check (`npm run structure`, part of `npm test`): no import circles, and imports
 * point down the layer order only. Page: main > app > view > page-state > protocol. Compute:
 * worker and cli > node > analysis > hierarchy, density, mixture > kmeans > data. The protocol (what the worker's services take
 * and answer, the page's limits) sits below both the page and the worker. Each layer lists the
 * layers it imports directly; what those import is allowed too.
 */
const IMPORTS = {
  main: ['app', 'view', 'page-state', 'protocol', 'data'],
  app: ['view', 'page-state', 'protocol', 'analysis', 'kmeans', 'data'],
  view: ['page-state', 'protocol', 'analysis', 'kmeans', 'data'],
  'page-state': ['protocol', 'analysis', 'kmeans', 'data'],
  worker: ['protocol', 'analysis', 'kmeans', 'data'],
  cli: ['node', 'analysis', 'kmeans', 'data'],
  node: ['analysis', 'kmeans', 'data'],
  protocol: ['analysis', 'kmeans', 'data'],
  analysis: ['hierarchy', 'density', 'mixture', 'kmeans', 'data'],
  mixture: ['kmeans', 'data'],
  hierarchy: ['kmeans', 'data'],
  density: ['kmeans', 'data'],
  kmeans: ['data'],
  data: [],
};

/** Every layer a layer may reach: its own imports and theirs. */
function below(layer, seen = new Set()) {
  for (const next of IMPORTS[layer]) {
    if (seen.has(next)) continue;
    seen.add(next);
    below(next, seen);
  }
  return seen;
}

const folder = (layer) => (layer === 'main' ? '^src/main\\.ts$' : `^src/${layer}/`);
// Files of no layer that anyone may import (the version stamp).
const SHARED = ['^src/version\\.ts$'];

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Two modules that import each other (directly or round a circle) cannot be understood or tested apart.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-unknown-layer',
      severity: 'error',
      comment: 'Every source file belongs to a layer of IMPORTS (add a new folder there, in its place in the order).',
      from: { path: '^src/', pathNot: [...Object.keys(IMPORTS).map(folder), ...SHARED] },
      to: {},
    },
    ...Object.keys(IMPORTS).map((layer) => ({
      name: `layer-${layer}`,
      severity: 'error',
      comment: `${layer} imports only ${[...below(layer)].join(', ') || 'itself'} (imports point down the layer order).`,
      from: { path: folder(layer) },
      to: { path: '^src/', pathNot: [folder(layer), ...[...below(layer)].map(folder), ...SHARED, '\\.css$', '\\.wgsl'] },
    })),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.(wat|wgsl)$' },
  },
};
