import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { CreateSlaRequest, Sla } from '@backstage-itsm/plugin-itsm-common';
import { SlaDialog } from './SlaDialog';
import { renderItsm } from '../../__testUtils__/render';
import {
  answerError,
  recordWrites,
  setupItsmServer,
} from '../../__testUtils__/handlers';
import { sla } from '../../__testUtils__/fixtures';

function renderDialog(onCreated: (sla: Sla) => void = jest.fn()) {
  return renderItsm(
    <SlaDialog open onClose={jest.fn()} onCreated={onCreated} />,
  );
}

describe('SlaDialog', () => {
  const server = setupItsmServer();

  it('defines a 24x7 SLA with targets per priority', async () => {
    const bodies = recordWrites<CreateSlaRequest>(server, 'post', '/slas', sla);
    const onCreated = jest.fn();
    await renderDialog(onCreated);
    await userEvent.type(screen.getByLabelText(/^Name/), 'Gold');
    const p1 = screen.getByLabelText('P1 resolution (min)');
    await userEvent.clear(p1);
    await userEvent.type(p1, '120');
    await userEvent.click(screen.getByRole('button', { name: 'Create SLA' }));
    await waitFor(() => expect(onCreated).toHaveBeenCalledWith(sla));
    expect(bodies[0]).toMatchObject({
      name: 'Gold',
      availabilityTarget: 99.9,
      calendar: '24x7',
      targets: {
        P1: { responseMinutes: 15, resolutionMinutes: 120 },
        P4: { responseMinutes: 480, resolutionMinutes: 4320 },
      },
    });
  });

  it('builds a business calendar: timezone, hours per weekday, holidays', async () => {
    const bodies = recordWrites<CreateSlaRequest>(server, 'post', '/slas', sla);
    await renderDialog();
    await userEvent.type(screen.getByLabelText(/^Name/), 'Office hours');
    await userEvent.click(screen.getByLabelText('Business hours'));
    const tz = screen.getByLabelText(/Timezone/);
    await userEvent.clear(tz);
    await userEvent.type(tz, 'Europe/Berlin');
    await userEvent.click(screen.getByLabelText('Works on Friday'));
    await userEvent.click(screen.getByLabelText('Works on Saturday'));
    const satEnd = screen.getByLabelText('Saturday end');
    await userEvent.clear(satEnd);
    await userEvent.type(satEnd, '12:00');
    await userEvent.type(
      screen.getByLabelText('Holidays'),
      '2025-12-24, --12-25',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Create SLA' }));
    await waitFor(() => expect(bodies).toHaveLength(1));
    expect(bodies[0].calendar).toEqual({
      timezone: 'Europe/Berlin',
      hours: {
        mon: [['08:00', '18:00']],
        tue: [['08:00', '18:00']],
        wed: [['08:00', '18:00']],
        thu: [['08:00', '18:00']],
        sat: [['08:00', '12:00']],
      },
      holidays: ['2025-12-24', '--12-25'],
    });
  });

  it('shows a 400 next to the availability target', async () => {
    answerError(
      server,
      'post',
      '/slas',
      'InputError',
      '/body/availabilityTarget must be <= 100',
      400,
    );
    await renderDialog();
    await userEvent.type(screen.getByLabelText(/^Name/), 'Too good');
    const target = screen.getByLabelText(/Availability target/);
    await userEvent.clear(target);
    await userEvent.type(target, '120');
    await userEvent.click(screen.getByRole('button', { name: 'Create SLA' }));
    await waitFor(() => expect(target).toHaveAttribute('aria-invalid', 'true'));
    expect(target).toHaveAccessibleDescription(
      'availabilityTarget must be <= 100',
    );
  });
});
