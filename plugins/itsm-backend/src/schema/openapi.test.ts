import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { mockServices } from '@backstage/backend-test-utils';
import { spec } from './openapi.generated';
import { createRouter } from '../http/router';
import { DEFAULT_RISK_CONFIG } from '../domain/changes/risk';

describe('OpenAPI spec', () => {
  it('the embedded spec is the YAML file (run scripts/generate-openapi.js after editing it)', () => {
    const yaml = YAML.parse(
      fs.readFileSync(path.join(__dirname, 'openapi.yaml'), 'utf8'),
    );
    expect(JSON.parse(JSON.stringify(spec))).toEqual(yaml);
  });

  it('documents exactly the routes the router serves', async () => {
    const router: any = await createRouter({
      app: {} as any,
      httpAuth: mockServices.httpAuth(),
      logger: mockServices.logger.mock(),
      riskModel: DEFAULT_RISK_CONFIG,
    });
    const served = new Set<string>();
    for (const layer of router.stack) {
      if (!layer.route) continue;
      const p = String(layer.route.path).replace(/:(\w+)/g, '{$1}');
      if (p === '/openapi.json') continue;
      for (const method of Object.keys(layer.route.methods))
        served.add(`${method.toUpperCase()} ${p}`);
    }
    const documented = new Set<string>();
    for (const [p, item] of Object.entries(spec.paths)) {
      for (const method of Object.keys(item as object))
        documented.add(`${method.toUpperCase()} ${p}`);
    }
    expect([...served].sort()).toEqual([...documented].sort());
  });
});
