import { staticClosure, staticImports } from './bundle';

describe('staticImports', () => {
  it('finds imports and re-exports, not import()', () => {
    const source = [
      "import { a } from './a.esm.js';",
      "export { b } from '../b.esm.js';",
      "import './side-effect.esm.js';",
      "import React from 'react';",
      "const Page = lazy(() => import('./Page.esm.js'));",
    ].join('\n');
    expect(staticImports(source)).toEqual([
      './a.esm.js',
      '../b.esm.js',
      './side-effect.esm.js',
    ]);
  });
});

describe('staticClosure', () => {
  it('follows static imports across folders once, and stops at import()', () => {
    const modules = new Map([
      [
        'index.esm.js',
        "export { p } from './plugin.esm.js';\nexport { x } from './components/x.esm.js';",
      ],
      [
        'plugin.esm.js',
        "import { x } from './components/x.esm.js';\nconst P = () => import('./components/Page.esm.js');",
      ],
      ['components/x.esm.js', "import { y } from '../util.esm.js';"],
      ['util.esm.js', "import { x } from './components/x.esm.js';"],
      ['components/Page.esm.js', "import { big } from './big.esm.js';"],
      ['components/big.esm.js', ''],
    ]);
    expect(staticClosure(modules, 'index.esm.js').sort()).toEqual([
      'components/x.esm.js',
      'index.esm.js',
      'plugin.esm.js',
      'util.esm.js',
    ]);
  });
});
