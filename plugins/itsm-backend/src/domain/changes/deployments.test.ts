import { deploymentTitle, MAX_CHANGE_TITLE_LENGTH } from './deployments';

describe('deploymentTitle', () => {
  it('names version, entity and environment', () => {
    expect(
      deploymentTitle({
        deploymentId: 'run-1',
        version: '1.4.2',
        environment: 'prod',
        entityRef: 'component:default/checkout',
      }),
    ).toBe('Deploy 1.4.2 of checkout to prod');
    expect(
      deploymentTitle({
        deploymentId: 'run-1',
        entityRef: 'component:default/checkout',
      }),
    ).toBe('Deploy run-1 of checkout');
  });

  it('cuts a title longer than the column with an ellipsis', () => {
    const title = deploymentTitle({
      deploymentId: 'run-1',
      version: 'v'.repeat(200),
      environment: 'e'.repeat(100),
      entityRef: 'component:default/checkout',
    });
    expect(title).toHaveLength(MAX_CHANGE_TITLE_LENGTH);
    expect(
      title.startsWith(`Deploy ${'v'.repeat(200)} of checkout to eee`),
    ).toBe(true);
    expect(title.endsWith('e…')).toBe(true);
  });

  it('counts and cuts code points, never half a surrogate pair', () => {
    const title = deploymentTitle({
      deploymentId: 'run-1',
      version: '😀'.repeat(200),
      environment: '😀'.repeat(100),
      entityRef: 'component:default/x',
    });
    expect([...title]).toHaveLength(MAX_CHANGE_TITLE_LENGTH);
    expect(title).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});
