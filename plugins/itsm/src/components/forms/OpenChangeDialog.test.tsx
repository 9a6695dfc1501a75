import type { ComponentProps } from 'react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { rest } from 'msw';
import type { CreateChangeRequest } from '@backstage-itsm/plugin-itsm-common';
import { OpenChangeDialog } from './OpenChangeDialog';
import { renderItsm } from '../../__testUtils__/render';
import {
  answerError,
  recordWrites,
  riskModelHandler,
  setupItsmServer,
} from '../../__testUtils__/handlers';
import {
  BASE_URL,
  ENTITY_REF,
  errorBody,
  makeChange,
  riskModel,
} from '../../__testUtils__/fixtures';

/** The dialog, open, with `props` (pre-filled entities, criticality, onCreated) as given. */
function renderDialog(
  props: Partial<ComponentProps<typeof OpenChangeDialog>> = {},
) {
  return renderItsm(
    <OpenChangeDialog
      open
      onClose={jest.fn()}
      onCreated={jest.fn()}
      {...props}
    />,
  );
}

describe('OpenChangeDialog', () => {
  const server = setupItsmServer(riskModelHandler());

  it('previews the risk locally, posts the questionnaire and shows the server assessment', async () => {
    const created = makeChange({
      id: 'chg-9',
      number: 'CHG-900',
      state: 'new',
      riskAssessment: {
        answers: {},
        score: 9,
        level: 'high',
        reasons: [
          { factor: 'dataMigration', points: 3, message: 'Data migration: +3' },
          {
            factor: 'rollbackNotTested',
            points: 3,
            message: 'No tested rollback: +3',
          },
          {
            factor: 'criticality',
            points: 3,
            message: 'Service criticality 1 (most critical): +3',
          },
        ],
      },
    });
    const bodies = recordWrites<CreateChangeRequest>(
      server,
      'post',
      '/changes',
      created,
    );
    const onCreated = jest.fn();
    await renderDialog({ entityRefs: [ENTITY_REF], criticality: 1, onCreated });
    const estimate = await screen.findByTestId('itsm-change-estimate');
    // untested rollback 3 + criticality 1 → 3 = 6
    expect(estimate).toHaveTextContent('Medium risk (score 6)');
    expect(
      screen.getByText('Estimate (computed locally, the server decides):'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByLabelText('Includes a data migration'));
    expect(estimate).toHaveTextContent('High risk (score 9)');
    await userEvent.click(screen.getByLabelText('Rollback was tested'));
    expect(estimate).toHaveTextContent('Medium risk (score 6)');

    await userEvent.type(screen.getByLabelText(/^Title/), 'Migrate ledger');
    fireEvent.change(screen.getByLabelText('Planned start'), {
      target: { value: '2030-05-01T22:00' },
    });
    fireEvent.change(screen.getByLabelText('Planned end'), {
      target: { value: '2030-05-01T23:30' },
    });
    await userEvent.type(
      screen.getByLabelText('Rollback plan'),
      'Restore snapshot',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Open change' }));

    expect(
      await screen.findByText('Risk assessment by the server'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('itsm-change-assessment')).toHaveTextContent(
      'High risk · Score 9',
    );
    expect(screen.getByText('Data migration: +3')).toBeInTheDocument();
    expect(bodies[0]).toMatchObject({
      title: 'Migrate ledger',
      type: 'normal',
      entityRefs: [ENTITY_REF],
      rollbackPlan: 'Restore snapshot',
      riskAssessment: {
        userFacing: false,
        rollbackTested: true,
        dataMigration: true,
        peakHours: false,
        affectedComponents: 1,
        recentFailedChanges: 0,
      },
    });
    expect(bodies[0].plannedStart).toMatch(/^2030-05-01T\d\d:00:00\.000Z$/);

    await userEvent.click(screen.getByRole('button', { name: 'Done' }));
    expect(onCreated).toHaveBeenCalledWith(created);
  });

  it('previews with the weights and thresholds the backend is configured with', async () => {
    server.use(
      riskModelHandler({
        weights: { ...riskModel.weights, rollbackNotTested: 10 },
        thresholds: { medium: 20, high: 30 },
      }),
    );
    await renderDialog({ criticality: 1 });
    const estimate = await screen.findByTestId('itsm-change-estimate');
    // untested rollback 10 + criticality 1 → 3 = 13, below the configured medium threshold
    expect(estimate).toHaveTextContent('Low risk (score 13)');
  });

  it('shows no estimate when the risk model cannot be read', async () => {
    let asked = false;
    server.use(
      rest.get(`${BASE_URL}/changes/risk-model`, (_req, res, ctx) => {
        asked = true;
        return res(
          ctx.status(500),
          ctx.json(errorBody('Error', 'Internal error', 500)),
        );
      }),
    );
    await renderDialog({ criticality: 1 });
    await waitFor(() => expect(asked).toBe(true));
    await screen.findByLabelText(/^Title/);
    expect(
      screen.queryByTestId('itsm-change-estimate'),
    ).not.toBeInTheDocument();
  });

  it('shows a 400 about the window next to the end field', async () => {
    answerError(
      server,
      'post',
      '/changes',
      'InputError',
      'plannedEnd must be after plannedStart',
      400,
    );
    await renderDialog({ entityRefs: [ENTITY_REF] });
    await userEvent.type(screen.getByLabelText(/^Title/), 'Bad window');
    await userEvent.click(screen.getByRole('button', { name: 'Open change' }));
    const end = screen.getByLabelText('Planned end');
    await waitFor(() => expect(end).toHaveAttribute('aria-invalid', 'true'));
    expect(end).toHaveAccessibleDescription(
      'plannedEnd must be after plannedStart',
    );
    expect(screen.getByLabelText('Planned start')).toHaveAttribute(
      'aria-invalid',
      'false',
    );
    expect(within(screen.getByRole('dialog')).queryByRole('alert')).toBeNull();
  });
});
