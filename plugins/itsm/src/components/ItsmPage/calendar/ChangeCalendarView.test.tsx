import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { rest } from 'msw';
import { DateTime } from 'luxon';
import { ChangeCalendarView, calendarRange } from './ChangeCalendarView';
import { renderItsm } from '../../../__testUtils__/render';
import { answerError, setupItsmServer } from '../../../__testUtils__/handlers';
import { BASE_URL, makeChange } from '../../../__testUtils__/fixtures';

const conflicting = makeChange({
  id: 'chg-a',
  number: 'CHG-501',
  title: 'DB upgrade',
  plannedStart: '2025-03-12T11:00:00.000Z',
  plannedEnd: '2025-03-12T13:00:00.000Z',
  conflicts: [
    {
      kind: 'freeze',
      entityRef: 'component:default/payments-api',
      message: 'Inside the freeze "Quarter close"',
      blocking: true,
    },
  ],
});
const quiet = makeChange({
  id: 'chg-b',
  number: 'CHG-502',
  title: 'Config tweak',
  risk: 'low',
  riskAssessment: null,
  plannedStart: '2025-03-13T11:00:00.000Z',
  plannedEnd: '2025-03-13T12:00:00.000Z',
  conflicts: [],
});

describe('calendarRange', () => {
  it('covers whole Monday-based weeks of the month', () => {
    const { start, days } = calendarRange(
      DateTime.fromISO('2025-03-12'),
      'month',
    );
    expect(start.toISODate()).toBe('2025-02-24');
    expect(days).toHaveLength(42);
    expect(days[41].toISODate()).toBe('2025-04-06');
  });

  it('covers one week in week view', () => {
    const { days } = calendarRange(DateTime.fromISO('2025-03-12'), 'week');
    expect(days.map(d => d.toISODate())).toEqual([
      '2025-03-10',
      '2025-03-11',
      '2025-03-12',
      '2025-03-13',
      '2025-03-14',
      '2025-03-15',
      '2025-03-16',
    ]);
  });
});

describe('ChangeCalendarView', () => {
  const server = setupItsmServer();

  function serve() {
    const queries: URLSearchParams[] = [];
    server.use(
      rest.get(`${BASE_URL}/changes/calendar`, (req, res, ctx) => {
        queries.push(req.url.searchParams);
        return res(
          ctx.json({
            items: [conflicting, quiet],
            freezeWindows: [
              {
                name: 'Quarter close',
                start: '2025-03-20T12:00:00.000Z',
                end: '2025-03-21T12:00:00.000Z',
              },
            ],
          }),
        );
      }),
    );
    return queries;
  }

  it('places changes on their days and marks conflicts and freezes', async () => {
    const queries = serve();
    await renderItsm(<ChangeCalendarView initialDate="2025-03-12" />);
    const day12 = within(await screen.findByTestId('calendar-day-2025-03-12'));
    const entry = await day12.findByTestId('calendar-change-CHG-501');
    expect(entry).toHaveAccessibleName(
      /CHG-501 DB upgrade, Authorize, Conflict/,
    );
    expect(
      within(screen.getByTestId('calendar-day-2025-03-13')).getByTestId(
        'calendar-change-CHG-502',
      ),
    ).toHaveAttribute('data-risk', 'low');

    const freezeDay = screen.getByTestId('calendar-day-2025-03-21');
    expect(freezeDay).toHaveAttribute('data-freeze', 'true');
    expect(
      within(freezeDay).getByText('Freeze: Quarter close'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('calendar-day-2025-03-25')).not.toHaveAttribute(
      'data-freeze',
    );

    expect(DateTime.fromISO(queries[0].get('from')!).toISODate()).toBe(
      '2025-02-24',
    );
  });

  it('navigates and switches to the week view', async () => {
    const queries = serve();
    await renderItsm(<ChangeCalendarView initialDate="2025-03-12" />);
    await screen.findByTestId('calendar-change-CHG-501');

    await userEvent.click(screen.getByRole('button', { name: 'Next period' }));
    await waitFor(() =>
      expect(
        DateTime.fromISO(queries[queries.length - 1].get('from')!).toISODate(),
      ).toBe('2025-03-31'),
    );

    await userEvent.click(
      screen.getByRole('button', { name: 'Previous period' }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Week' }));
    await waitFor(() =>
      expect(screen.getAllByTestId(/^calendar-day-/)).toHaveLength(7),
    );
    expect(
      DateTime.fromISO(queries[queries.length - 1].get('from')!).toISODate(),
    ).toBe('2025-03-10');
  });

  it('says when nothing is planned', async () => {
    server.use(
      rest.get(`${BASE_URL}/changes/calendar`, (_req, res, ctx) =>
        res(ctx.json({ items: [], freezeWindows: [] })),
      ),
    );
    await renderItsm(<ChangeCalendarView initialDate="2025-03-12" />);
    expect(
      await screen.findByText('No changes planned in this period.'),
    ).toBeInTheDocument();
  });

  it('shows errors', async () => {
    answerError(
      server,
      'get',
      '/changes/calendar',
      'InputError',
      'to must be after from',
      400,
    );
    await renderItsm(<ChangeCalendarView initialDate="2025-03-12" />);
    expect(
      (await screen.findAllByText(/to must be after from/)).length,
    ).toBeGreaterThan(0);
  });

  it('shows progress while loading', async () => {
    server.use(
      rest.get(`${BASE_URL}/changes/calendar`, (_req, res, ctx) =>
        res(ctx.delay(5000), ctx.json({ items: [], freezeWindows: [] })),
      ),
    );
    await renderItsm(<ChangeCalendarView initialDate="2025-03-12" />);
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });
});
