import { runErrorMessage } from './measure';

describe('runErrorMessage', () => {
  it('takes the message of the scheduler’s serialized error', () => {
    const serialized = JSON.stringify({
      name: 'Error',
      message: 'Task timed out',
      stack: 'Error: Task timed out\n    at …',
    });
    expect(runErrorMessage(serialized)).toBe('Task timed out');
  });

  it('keeps text that is not a serialized error, and nothing stays nothing', () => {
    expect(runErrorMessage('boom')).toBe('boom');
    expect(runErrorMessage('{"other":1}')).toBe('{"other":1}');
    expect(runErrorMessage(undefined)).toBeUndefined();
  });
});
