import { isServiceEntityKind, SERVICE_ENTITY_KINDS } from './entityKinds';

describe('isServiceEntityKind', () => {
  it('accepts components, systems and resources in any letter case', () => {
    expect(SERVICE_ENTITY_KINDS).toEqual(['Component', 'System', 'Resource']);
    expect(isServiceEntityKind('Component')).toBe(true);
    expect(isServiceEntityKind('system')).toBe(true);
    expect(isServiceEntityKind('RESOURCE')).toBe(true);
  });

  it('refuses other kinds and a missing kind', () => {
    expect(isServiceEntityKind('User')).toBe(false);
    expect(isServiceEntityKind('API')).toBe(false);
    expect(isServiceEntityKind(undefined)).toBe(false);
  });
});
