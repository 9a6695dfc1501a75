import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ItsmPage } from './ItsmPage';
import { renderItsm } from '../../__testUtils__/render';
import { defaultHandlers, setupItsmServer } from '../../__testUtils__/handlers';

describe('ItsmPage (legacy frontend system)', () => {
  const server = setupItsmServer();
  beforeEach(() => server.use(...defaultHandlers()));

  it('has the five tabs and opens the services tab first', async () => {
    await renderItsm(<ItsmPage />);
    expect(screen.getByText('IT Service Management')).toBeInTheDocument();
    for (const tab of [
      'Services',
      'Incidents',
      'Change calendar',
      'CAB queue',
      'Reports',
    ]) {
      expect(screen.getByRole('tab', { name: tab })).toBeInTheDocument();
    }
    expect(await screen.findByText('Payments API')).toBeInTheDocument();
  });

  it('switches to the CAB queue', async () => {
    await renderItsm(<ItsmPage />);
    await userEvent.click(screen.getByRole('tab', { name: 'CAB queue' }));
    expect(
      await screen.findByText('CHG-200 · Upgrade payment gateway SDK'),
    ).toBeInTheDocument();
  });
});
