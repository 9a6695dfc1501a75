import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { rest } from 'msw';
import type { ChangeApprovalRequest } from '@backstage-itsm/plugin-itsm-common';
import { CabQueueView } from './CabQueueView';
import { renderItsm } from '../../../__testUtils__/render';
import { answerError, setupItsmServer } from '../../../__testUtils__/handlers';
import {
  BASE_URL,
  errorBody,
  makeChange,
  page,
  upcomingChange,
} from '../../../__testUtils__/fixtures';

describe('CabQueueView', () => {
  const server = setupItsmServer();

  const assessed = makeChange({
    id: 'chg-2',
    number: 'CHG-201',
    title: 'Move to new cluster',
    state: 'assess',
    conflicts: [
      {
        kind: 'freeze',
        entityRef: 'component:default/payments-api',
        message: 'Inside the freeze "Black Friday"',
        blocking: true,
      },
    ],
    approvals: [],
  });

  it('shows risk reasons, conflicts, plans and votes; approving posts the vote', async () => {
    const queries: URLSearchParams[] = [];
    const votes: ChangeApprovalRequest[] = [];
    server.use(
      rest.get(`${BASE_URL}/changes`, (req, res, ctx) => {
        queries.push(req.url.searchParams);
        return res(ctx.json(page([assessed, upcomingChange])));
      }),
      rest.post(
        `${BASE_URL}/changes/chg-1/approvals`,
        async (req, res, ctx) => {
          const body = (await req.json()) as ChangeApprovalRequest;
          votes.push(body);
          return res(
            ctx.json({
              ...upcomingChange,
              version: 2,
              approvals: [
                ...(upcomingChange.approvals ?? []),
                {
                  voterRef: 'user:default/jane',
                  decision: body.decision,
                  comment: body.comment ?? null,
                  at: '2025-01-03T10:00:00.000Z',
                  roles: ['cab', 'owner'],
                },
              ],
            }),
          );
        },
      ),
    );
    await renderItsm(<CabQueueView />);

    const card = within(
      (
        await screen.findByText('CHG-200 · Upgrade payment gateway SDK')
      ).closest('.MuiCard-root') as HTMLElement,
    );
    expect(queries[0].getAll('state')).toEqual(['authorize', 'assess']);
    expect(card.getByText('Medium risk · Score 5')).toBeInTheDocument();
    expect(card.getByText('User-facing change: +2')).toBeInTheDocument();
    expect(
      card.getByText('Overlaps CHG-199 on the same entity'),
    ).toBeInTheDocument();
    expect(card.getByText('Redeploy previous version')).toBeInTheDocument();
    expect(card.getByText(/Looks fine/)).toBeInTheDocument();

    // authorize before assess
    const titles = screen.getAllByText(/^CHG-20\d · /).map(e => e.textContent);
    expect(titles[0]).toMatch(/^CHG-200/);
    expect(
      screen.getByText(/Blocking: Inside the freeze "Black Friday"/),
    ).toBeInTheDocument();

    await userEvent.click(
      card.getByRole('button', { name: 'Approve CHG-200' }),
    );
    const dialog = within(await screen.findByRole('dialog'));
    await userEvent.type(
      dialog.getByLabelText('Comment'),
      'Rollback looks solid',
    );
    await userEvent.click(dialog.getByRole('button', { name: 'Approve' }));

    await waitFor(() =>
      expect(votes).toEqual([
        { decision: 'approve', comment: 'Rollback looks solid' },
      ]),
    );
    expect(await card.findByText(/Rollback looks solid/)).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('takes a change out of the queue once the vote decides it, and says where it went', async () => {
    server.use(
      rest.get(`${BASE_URL}/changes`, (_req, res, ctx) =>
        res(ctx.json(page([upcomingChange, assessed]))),
      ),
      rest.post(`${BASE_URL}/changes/chg-1/approvals`, (_req, res, ctx) =>
        res(ctx.json({ ...upcomingChange, state: 'scheduled', version: 2 })),
      ),
    );
    const alertApi = { post: jest.fn() };
    await renderItsm(<CabQueueView />, { alertApi });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Approve CHG-200' }),
    );
    const dialog = within(await screen.findByRole('dialog'));
    await userEvent.click(dialog.getByRole('button', { name: 'Approve' }));
    await waitFor(() =>
      expect(
        screen.queryByText('CHG-200 · Upgrade payment gateway SDK'),
      ).not.toBeInTheDocument(),
    );
    expect(
      screen.getByText('CHG-201 · Move to new cluster'),
    ).toBeInTheDocument();
    expect(alertApi.post).toHaveBeenCalledWith(
      expect.objectContaining({
        message:
          'Your vote on CHG-200 was recorded; the change is now Scheduled.',
        severity: 'success',
      }),
    );
  });

  it('does not offer a vote to the requester, to who already voted, or in assess', async () => {
    const own = makeChange({
      id: 'chg-3',
      number: 'CHG-203',
      title: 'My own change',
      requestedBy: 'user:default/jane',
    });
    const voted = makeChange({
      id: 'chg-4',
      number: 'CHG-204',
      title: 'Already voted',
      approvals: [
        {
          voterRef: 'user:default/Jane',
          decision: 'approve',
          comment: null,
          at: '2025-01-02T10:00:00.000Z',
          roles: ['cab'],
        },
      ],
    });
    server.use(
      rest.get(`${BASE_URL}/changes`, (_req, res, ctx) =>
        res(ctx.json(page([own, voted, assessed, upcomingChange]))),
      ),
    );
    await renderItsm(<CabQueueView />);
    const cardOf = async (title: string) =>
      within(
        (await screen.findByText(title)).closest(
          '.MuiCard-root',
        ) as HTMLElement,
      );

    const mine = await cardOf('CHG-203 · My own change');
    expect(
      mine.getByText(
        'You requested this change: other CAB members decide on it.',
      ),
    ).toBeInTheDocument();
    expect(
      mine.queryByRole('button', { name: /Approve|Reject/ }),
    ).not.toBeInTheDocument();

    const done = await cardOf('CHG-204 · Already voted');
    expect(done.getByText('You voted: Approve.')).toBeInTheDocument();
    expect(
      done.queryByRole('button', { name: /Approve|Reject/ }),
    ).not.toBeInTheDocument();

    const inAssess = await cardOf('CHG-201 · Move to new cluster');
    expect(
      inAssess.queryByRole('button', { name: /Approve|Reject/ }),
    ).not.toBeInTheDocument();

    const open = await cardOf('CHG-200 · Upgrade payment gateway SDK');
    expect(open.getByRole('button', { name: 'Approve CHG-200' })).toBeEnabled();
  });

  it('requires a comment to reject and shows 409s in the dialog', async () => {
    server.use(
      rest.get(`${BASE_URL}/changes`, (_req, res, ctx) =>
        res(ctx.json(page([upcomingChange]))),
      ),
      rest.post(`${BASE_URL}/changes/chg-1/approvals`, (_req, res, ctx) =>
        res(
          ctx.status(409),
          ctx.json(
            errorBody('ConflictError', 'You already voted on CHG-200', 409),
          ),
        ),
      ),
    );
    await renderItsm(<CabQueueView />);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Reject CHG-200' }),
    );
    const dialog = within(await screen.findByRole('dialog'));
    const reject = dialog.getByRole('button', { name: 'Reject' });
    expect(reject).toBeDisabled();
    await userEvent.type(dialog.getByLabelText(/Comment/), 'No rollback test');
    expect(reject).toBeEnabled();
    await userEvent.click(reject);
    expect(
      await dialog.findByText('You already voted on CHG-200'),
    ).toBeInTheDocument();
  });

  it('fetches a change when the list has no conflicts / votes', async () => {
    const { conflicts, approvals, ...bare } = upcomingChange;
    server.use(
      rest.get(`${BASE_URL}/changes`, (_req, res, ctx) =>
        res(ctx.json(page([bare]))),
      ),
      rest.get(`${BASE_URL}/changes/chg-1`, (_req, res, ctx) =>
        res(ctx.json(upcomingChange)),
      ),
    );
    expect(conflicts).toHaveLength(1);
    expect(approvals).toHaveLength(1);
    await renderItsm(<CabQueueView />);
    expect(
      await screen.findByText('Overlaps CHG-199 on the same entity'),
    ).toBeInTheDocument();
  });

  it('shows an empty state', async () => {
    server.use(
      rest.get(`${BASE_URL}/changes`, (_req, res, ctx) =>
        res(ctx.json(page([]))),
      ),
    );
    await renderItsm(<CabQueueView />);
    expect(
      await screen.findByText('No changes are waiting for the CAB.'),
    ).toBeInTheDocument();
  });

  it('shows errors', async () => {
    answerError(server, 'get', '/changes', 'Error', 'cab offline', 500);
    await renderItsm(<CabQueueView />);
    expect((await screen.findAllByText(/cab offline/)).length).toBeGreaterThan(
      0,
    );
  });

  it('shows progress while loading', async () => {
    server.use(
      rest.get(`${BASE_URL}/changes`, (_req, res, ctx) =>
        res(ctx.delay(5000), ctx.json(page([]))),
      ),
    );
    await renderItsm(<CabQueueView />);
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });
});
