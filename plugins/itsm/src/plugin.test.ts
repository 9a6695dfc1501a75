import { Entity } from '@backstage/catalog-model';
import { isItsmAvailable, itsmPlugin } from './plugin';
import itsmAlphaPlugin from './alpha';

const entity = (kind: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x' },
});

describe('itsm plugin', () => {
  it('has the id itsm in both frontend systems', () => {
    expect(itsmPlugin.getId()).toBe('itsm');
    expect(itsmAlphaPlugin.id).toBe('itsm');
  });

  it('is available for components, systems and resources only', () => {
    expect(isItsmAvailable(entity('Component'))).toBe(true);
    expect(isItsmAvailable(entity('System'))).toBe(true);
    expect(isItsmAvailable(entity('resource'))).toBe(true);
    expect(isItsmAvailable(entity('Group'))).toBe(false);
    expect(isItsmAvailable(entity('API'))).toBe(false);
  });

  it('provides the API, page, sub-pages, entity content and card extensions', () => {
    for (const id of [
      'api:itsm',
      'page:itsm',
      'sub-page:itsm/services',
      'sub-page:itsm/incidents',
      'sub-page:itsm/calendar',
      'sub-page:itsm/cab',
      'sub-page:itsm/reports',
      'entity-content:itsm',
      'entity-card:itsm',
    ]) {
      expect(itsmAlphaPlugin.getExtension(id as any)).toBeDefined();
    }
  });
});
