/*
 * Without permissions no write action is offered. Separate file: usePermission caches its
 * decisions per module (SWR).
 */
import { screen } from '@testing-library/react';
import { ServicesView } from './services/ServicesView';
import { IncidentsView } from './incidents/IncidentsView';
import { CabQueueView } from './cab/CabQueueView';
import { renderItsm } from '../../__testUtils__/render';
import { defaultHandlers, setupItsmServer } from '../../__testUtils__/handlers';

const settle = () => new Promise(r => setTimeout(r, 100));

describe('ITSM portal without permissions', () => {
  const server = setupItsmServer();
  beforeEach(() => server.use(...defaultHandlers()));

  it('services: no register / define SLA', async () => {
    await renderItsm(<ServicesView />, { allow: false });
    await screen.findByText('Payments API');
    await settle();
    expect(
      screen.queryByRole('button', { name: 'Register service' }),
    ).toBeNull();
    expect(screen.queryByRole('button', { name: 'Define SLA' })).toBeNull();
  });

  it('incidents: no open / work', async () => {
    await renderItsm(<IncidentsView />, { allow: false });
    await screen.findByText('INC-1001');
    await settle();
    expect(screen.queryByRole('button', { name: 'Open incident' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Work on/ })).toBeNull();
  });

  it('CAB queue: no approve / reject', async () => {
    await renderItsm(<CabQueueView />, { allow: false });
    await screen.findByText('CHG-200 · Upgrade payment gateway SDK');
    await settle();
    expect(screen.queryByRole('button', { name: /Approve/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /Reject/ })).toBeNull();
  });
});
