import { InputError } from '@backstage/errors';
import {
  parseInteger,
  parseList,
  parseListQuery,
  parseText,
} from './parseQuery';
import { parseVersion } from './parseVersion';

describe('query parsing', () => {
  it('treats an empty text parameter as not given', () => {
    expect(parseText('')).toBeUndefined();
    expect(parseText('disk')).toBe('disk');
    expect(parseText(undefined)).toBeUndefined();
  });

  it('takes one value of a repeatable parameter as a list of one', () => {
    expect(parseList('new')).toEqual(['new']);
    expect(parseList(['new', 'closed'])).toEqual(['new', 'closed']);
    expect(parseList(undefined)).toBeUndefined();
  });

  it('reads integers and refuses anything else naming the field', () => {
    expect(parseInteger(20, 'limit')).toBe(20);
    expect(parseInteger('20', 'limit')).toBe(20);
    expect(() => parseInteger('2.5', 'limit')).toThrow(
      new InputError('limit: must be an integer'),
    );
  });

  it('gives short refs their default kind and namespace, and instants in UTC', () => {
    expect(
      parseListQuery({
        entityRef: 'checkout',
        owner: 'payments-team',
        from: '2030-01-01T10:00:00+01:00',
        q: '',
      }),
    ).toEqual({
      q: undefined,
      limit: undefined,
      cursor: undefined,
      order: undefined,
      entityRef: 'component:default/checkout',
      owner: 'group:default/payments-team',
      from: '2030-01-01T09:00:00.000Z',
      to: undefined,
    });
  });
});

describe('parseVersion', () => {
  it('prefers the body, else reads If-Match in its quoted, bare and weak forms', () => {
    expect(parseVersion(4, '"3"')).toBe(4);
    expect(parseVersion(undefined, '"3"')).toBe(3);
    expect(parseVersion(undefined, '3')).toBe(3);
    expect(parseVersion(undefined, 'W/"3"')).toBe(3);
    expect(parseVersion(undefined, undefined)).toBeUndefined();
  });

  it('refuses an If-Match that is no record version', () => {
    for (const header of ['"abc"', '"0"', '"2147483648"']) {
      expect(() => parseVersion(undefined, header)).toThrow(
        'If-Match: must be a record version number',
      );
    }
  });
});
