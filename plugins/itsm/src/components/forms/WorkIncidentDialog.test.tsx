import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { rest } from 'msw';
import type {
  Incident,
  IncidentTransitionRequest,
  UpdateIncidentRequest,
} from '@backstage-itsm/plugin-itsm-common';
import { WorkIncidentDialog } from './WorkIncidentDialog';
import { renderItsm } from '../../__testUtils__/render';
import { chooseOption } from '../../__testUtils__/userActions';
import { setupItsmServer } from '../../__testUtils__/handlers';
import { BASE_URL, errorBody, incidentP4 } from '../../__testUtils__/fixtures';

/** The dialog working the in-progress incident {@link incidentP4}. */
function renderDialog(onUpdated: (incident: Incident) => void = jest.fn()) {
  return renderItsm(
    <WorkIncidentDialog
      open
      incident={incidentP4}
      onClose={jest.fn()}
      onUpdated={onUpdated}
    />,
  );
}

describe('WorkIncidentDialog', () => {
  const server = setupItsmServer();
  /** Records the PATCHes of inc-2; each is answered with the patched incident, one version on. */
  function recordPatches() {
    const patches: UpdateIncidentRequest[] = [];
    server.use(
      rest.patch(`${BASE_URL}/incidents/inc-2`, async (req, res, ctx) => {
        const body = (await req.json()) as UpdateIncidentRequest;
        patches.push(body);
        return res(
          ctx.json({ ...incidentP4, ...body, version: body.version + 1 }),
        );
      }),
    );
    return patches;
  }

  it('puts an incident on hold with a reason', async () => {
    const bodies: IncidentTransitionRequest[] = [];
    server.use(
      rest.post(
        `${BASE_URL}/incidents/inc-2/transitions`,
        async (req, res, ctx) => {
          const body = (await req.json()) as IncidentTransitionRequest;
          bodies.push(body);
          return res(
            ctx.json({
              ...incidentP4,
              state: body.to,
              onHoldReason: body.reason,
              version: 2,
            }),
          );
        },
      ),
    );
    const onUpdated = jest.fn();
    await renderDialog(onUpdated);
    await chooseOption('Move to', 'On hold');
    const apply = screen.getByRole('button', { name: 'Apply transition' });
    expect(apply).toBeDisabled(); // reason missing
    await chooseOption(/On-hold reason/, 'Awaiting vendor');
    await userEvent.type(screen.getByLabelText('Comment'), 'Ticket at vendor');
    await userEvent.click(apply);
    await waitFor(() => expect(onUpdated).toHaveBeenCalled());
    expect(bodies[0]).toEqual({
      to: 'on_hold',
      version: 1,
      reason: 'awaiting_vendor',
      comment: 'Ticket at vendor',
    });
    expect(onUpdated.mock.calls[0][0].state).toBe('on_hold');
  });

  it('resolves with notes and escalates L1 → L2 with the new version', async () => {
    const patches = recordPatches();
    const transitions: IncidentTransitionRequest[] = [];
    server.use(
      rest.post(
        `${BASE_URL}/incidents/inc-2/transitions`,
        async (req, res, ctx) => {
          const body = (await req.json()) as IncidentTransitionRequest;
          transitions.push(body);
          return res(
            ctx.json({ ...incidentP4, state: 'resolved', version: 3 }),
          );
        },
      ),
    );
    await renderDialog();
    expect(screen.getByText('Support level: L1')).toBeInTheDocument();
    await userEvent.type(
      screen.getByLabelText('Reason for escalation'),
      'Needs DBA',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Escalate to L2' }),
    );
    await waitFor(() =>
      expect(screen.getByText('Support level: L2')).toBeInTheDocument(),
    );
    expect(patches[0]).toEqual({
      version: 1,
      supportLevel: 'L2',
      comment: 'Needs DBA',
    });
    expect(
      screen.getByRole('button', { name: 'Escalate to L3' }),
    ).toBeInTheDocument();

    await chooseOption('Move to', 'Resolved');
    await userEvent.type(
      screen.getByLabelText(/Resolution notes/),
      'Index rebuilt',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Apply transition' }),
    );
    await waitFor(() => expect(transitions).toHaveLength(1));
    expect(transitions[0]).toEqual({
      to: 'resolved',
      version: 2,
      resolutionNotes: 'Index rebuilt',
    });
  });

  it('assigns and links', async () => {
    const patches = recordPatches();
    await renderDialog();
    const assignee = screen.getByLabelText('Assignee (user ref)');
    await userEvent.clear(assignee);
    await userEvent.type(assignee, 'user:default/jane');
    await userEvent.click(screen.getByRole('button', { name: 'Assign' }));
    await waitFor(() => expect(patches).toHaveLength(1));
    expect(patches[0]).toEqual({
      version: 1,
      assigneeRef: 'user:default/jane',
    });

    await userEvent.type(screen.getByLabelText('Problem ID'), 'prb-1');
    await userEvent.type(screen.getByLabelText('Caused by change ID'), 'chg-0');
    await userEvent.click(screen.getByRole('button', { name: 'Save links' }));
    await waitFor(() => expect(patches).toHaveLength(2));
    expect(patches[1]).toEqual({
      version: 2,
      problemId: 'prb-1',
      causedByChangeId: 'chg-0',
    });
  });

  it('shows the 409 message naming the allowed transitions', async () => {
    server.use(
      rest.post(`${BASE_URL}/incidents/inc-2/transitions`, (_req, res, ctx) =>
        res(
          ctx.status(409),
          ctx.json(
            errorBody(
              'ConflictError',
              'Cannot move from in_progress to canceled; allowed: on_hold, resolved',
              409,
            ),
          ),
        ),
      ),
    );
    await renderDialog();
    await chooseOption('Move to', 'Canceled');
    await userEvent.click(
      screen.getByRole('button', { name: 'Apply transition' }),
    );
    expect(
      await screen.findByText(/allowed: on_hold, resolved/),
    ).toBeInTheDocument();
  });
});
