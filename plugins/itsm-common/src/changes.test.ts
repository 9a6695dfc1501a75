import { allowedChangeTransitions, nextChangeStep } from './changes';

describe('allowedChangeTransitions', () => {
  it.each([
    ['normal', 'new', ['assess', 'canceled']],
    ['normal', 'assess', ['authorize', 'new', 'canceled']],
    ['normal', 'authorize', ['scheduled', 'new', 'canceled']],
    ['normal', 'scheduled', ['implement', 'canceled']],
    ['normal', 'implement', ['review', 'canceled']],
    ['normal', 'review', ['closed']],
    ['normal', 'closed', []],
    ['normal', 'canceled', []],
    ['standard', 'new', ['scheduled', 'canceled']],
    ['standard', 'scheduled', ['implement', 'canceled']],
    ['standard', 'implement', ['review', 'canceled']],
    ['standard', 'review', ['closed']],
    ['emergency', 'new', ['authorize', 'canceled']],
    ['emergency', 'authorize', ['scheduled', 'new', 'canceled']],
    ['emergency', 'review', ['closed']],
    ['emergency', 'closed', []],
  ] as const)('%s in %s → %j', (type, state, expected) => {
    expect(allowedChangeTransitions({ type, state })).toEqual(expected);
  });
});

describe('nextChangeStep', () => {
  it.each([
    ['normal', 'new', 'assess'],
    ['normal', 'assess', 'authorize'],
    ['normal', 'authorize', undefined],
    ['emergency', 'new', 'authorize'],
    ['standard', 'new', 'scheduled'],
    ['standard', 'assess', undefined],
    ['normal', 'scheduled', 'implement'],
    ['emergency', 'implement', 'review'],
    ['normal', 'review', undefined],
    ['normal', 'closed', undefined],
    ['normal', 'canceled', undefined],
  ] as const)('%s change in %s → %s', (type, state, next) => {
    expect(nextChangeStep({ type, state })).toBe(next);
  });
});
