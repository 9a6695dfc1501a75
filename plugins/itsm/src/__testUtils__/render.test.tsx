import { screen } from '@testing-library/react';
import { ChangeActions } from '../components/EntityItsmContent/ChangeActions';
import { makeChange } from './fixtures';
import { renderItsm } from './render';

// usePermission keeps its answers in SWR's cache, keyed by permission and resourceRef. The test
// providers give every render a cache of its own: an ALLOW from one test must never decide what
// the next test, which denies, renders (this leaked once and made a ChangeTimeline test flaky).
describe('renderItsm permission answers', () => {
  const change = makeChange({
    id: 'chg-cache',
    number: 'CHG-290',
    state: 'new',
  });

  it('shows the step when the permission is allowed', async () => {
    const { unmount } = await renderItsm(
      <ChangeActions change={change} onReview={jest.fn()} />,
    );
    expect(await screen.findByRole('button')).toBeInTheDocument();
    unmount();
  });

  it("does not reuse the previous render's ALLOW for the same record", async () => {
    await renderItsm(
      <div>
        <ChangeActions change={change} onReview={jest.fn()} />
        <span>rendered</span>
      </div>,
      { allow: false },
    );
    await screen.findByText('rendered');
    // The denied answer arrives asynchronously; wait until the permission request settled.
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });
});
