import type { ComponentProps } from 'react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { rest } from 'msw';
import type { ChangeTransitionRequest } from '@backstage-itsm/plugin-itsm-common';
import { ChangeTimeline } from './ChangeTimeline';
import { renderItsm, RenderOptions } from '../../__testUtils__/render';
import { chooseOption } from '../../__testUtils__/userActions';
import { answerError, setupItsmServer } from '../../__testUtils__/handlers';
import {
  BASE_URL,
  errorBody,
  makeChange,
  recentChange,
  upcomingChange,
} from '../../__testUtils__/fixtures';

/**
 * The timeline with the given lists (empty where not given); returns the `onChanged` mock it
 * calls and the alert API it posts to.
 */
async function renderTimeline(
  lists: Partial<
    Pick<
      ComponentProps<typeof ChangeTimeline>,
      'upcoming' | 'ongoing' | 'recent'
    >
  >,
  options: Pick<RenderOptions, 'allow'> = {},
) {
  const onChanged = jest.fn();
  const alertApi = { post: jest.fn() };
  await renderItsm(
    <ChangeTimeline
      upcoming={[]}
      ongoing={[]}
      recent={[]}
      {...lists}
      onChanged={onChanged}
    />,
    { alertApi, ...options },
  );
  return { onChanged, alertApi };
}

describe('ChangeTimeline', () => {
  const server = setupItsmServer();

  it('lists upcoming changes first, with state, risk, conflicts and deployments', async () => {
    const later = makeChange({
      id: 'chg-3',
      number: 'CHG-300',
      title: 'Later change',
      plannedStart: new Date(Date.now() + 10 * 86400000).toISOString(),
      plannedEnd: new Date(Date.now() + 10 * 86400000 + 3600000).toISOString(),
      conflicts: [],
    });
    await renderTimeline({
      upcoming: [later, upcomingChange],
      recent: [recentChange],
    });
    const items = screen.getAllByTestId(/^change-/).map(e => e.dataset.testid);
    expect(items).toEqual([
      'change-CHG-200',
      'change-CHG-300',
      'change-CHG-150',
    ]);
    const first = within(screen.getByTestId('change-CHG-200'));
    expect(first.getByText('Medium risk · Score 5')).toBeInTheDocument();
    expect(first.getByText('1 conflict(s)')).toBeInTheDocument();
    expect(first.getByText('Authorize')).toBeInTheDocument();
    expect(
      within(screen.getByRole('region', { name: 'Upcoming' })).getAllByTestId(
        /^change-/,
      ),
    ).toHaveLength(2);
    expect(
      screen.getByText('Deployment 1.4.2 to production: succeeded'),
    ).toBeInTheDocument();
  });

  it('shows a change once, in upcoming, when the recent changes repeat it', async () => {
    await renderTimeline({
      upcoming: [upcomingChange],
      recent: [upcomingChange, recentChange],
    });
    expect(screen.getAllByTestId('change-CHG-200')).toHaveLength(1);
    expect(
      within(screen.getByRole('region', { name: 'Recent' }))
        .getAllByTestId(/^change-/)
        .map(e => e.dataset.testid),
    ).toEqual(['change-CHG-150']);
  });

  it('shows an empty state', async () => {
    await renderTimeline({});
    expect(screen.getByText('No changes recorded.')).toBeInTheDocument();
  });

  it('reviews a change: outcome + notes, transition to closed', async () => {
    const bodies: ChangeTransitionRequest[] = [];
    server.use(
      rest.post(
        `${BASE_URL}/changes/chg-0/transitions`,
        async (req, res, ctx) => {
          const body = (await req.json()) as ChangeTransitionRequest;
          bodies.push(body);
          if (!body.reviewNotes) {
            return res(
              ctx.status(400),
              ctx.json(
                errorBody(
                  'InputError',
                  'reviewNotes: the post-implementation review is mandatory',
                  400,
                ),
              ),
            );
          }
          return res(
            ctx.json({
              ...recentChange,
              state: 'closed',
              outcome: body.outcome,
              version: 2,
            }),
          );
        },
      ),
    );
    const { onChanged } = await renderTimeline({ recent: [recentChange] });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Review CHG-150' }),
    );
    const dialog = within(await screen.findByRole('dialog'));
    await chooseOption(/Outcome/, 'Successful', dialog);
    await userEvent.click(dialog.getByRole('button', { name: 'Close change' }));

    // The API's 400 names the field: shown next to it
    expect(
      await dialog.findByText(/the post-implementation review is mandatory/),
    ).toBeInTheDocument();
    expect(dialog.getByLabelText(/Review notes/)).toHaveAttribute(
      'aria-invalid',
      'true',
    );

    await userEvent.type(dialog.getByLabelText(/Review notes/), 'All good');
    await userEvent.click(dialog.getByRole('button', { name: 'Close change' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(bodies[1]).toEqual({
      to: 'closed',
      version: 1,
      outcome: 'successful',
      reviewNotes: 'All good',
    });
  });

  it('takes a new normal change through assessment to the CAB', async () => {
    const fresh = makeChange({
      id: 'chg-5',
      number: 'CHG-205',
      state: 'new',
      approvals: [],
      version: 3,
    });
    const bodies: ChangeTransitionRequest[] = [];
    server.use(
      rest.post(
        `${BASE_URL}/changes/chg-5/transitions`,
        async (req, res, ctx) => {
          const body = (await req.json()) as ChangeTransitionRequest;
          bodies.push(body);
          return res(
            ctx.json({ ...fresh, state: body.to, version: fresh.version + 1 }),
          );
        },
      ),
    );
    const { onChanged, alertApi } = await renderTimeline({ upcoming: [fresh] });
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Submit for assessment: CHG-205',
      }),
    );
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1));
    expect(bodies).toEqual([{ to: 'assess', version: 3 }]);
    expect(alertApi.post).toHaveBeenCalledWith(
      expect.objectContaining({
        message: 'CHG-205 is now in Assess.',
        severity: 'success',
      }),
    );
  });

  it("shows the API's reason when a step is refused", async () => {
    const assessed = makeChange({
      id: 'chg-6',
      number: 'CHG-206',
      state: 'assess',
    });
    answerError(
      server,
      'post',
      '/changes/chg-6/transitions',
      'ConflictError',
      'The window is inside the freeze "Year-end freeze"',
      409,
    );
    const { onChanged, alertApi } = await renderTimeline({
      upcoming: [assessed],
    });
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Request CAB approval: CHG-206',
      }),
    );
    await waitFor(() =>
      expect(alertApi.post).toHaveBeenCalledWith({
        message: 'CHG-206: The window is inside the freeze "Year-end freeze"',
        severity: 'error',
      }),
    );
    expect(onChanged).not.toHaveBeenCalled();
  });

  it('offers no life-cycle steps without the update permission', async () => {
    const fresh = makeChange({ id: 'chg-7', number: 'CHG-207', state: 'new' });
    await renderTimeline(
      { upcoming: [fresh], recent: [recentChange] },
      { allow: false },
    );
    await screen.findByText(/CHG-207/);
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });
});
