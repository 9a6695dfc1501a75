import { act, screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { SlaCountdown } from './SlaCountdown';
import { slaStatusAt } from '../../utils';
import { clock } from '../../__testUtils__/fixtures';

const NOW = Date.parse('2025-03-01T12:00:00.000Z');
const at = (minutes: number) => new Date(NOW + minutes * 60000).toISOString();

describe('slaStatusAt', () => {
  it('is on track below 75 % of the goal', () => {
    expect(
      slaStatusAt(clock({ goalMinutes: 100, deadline: at(30) }), NOW),
    ).toMatchObject({ kind: 'onTrack', remainingMinutes: 30 });
  });

  it('is at risk from 75 % of the goal', () => {
    expect(
      slaStatusAt(clock({ goalMinutes: 100, deadline: at(25) }), NOW).kind,
    ).toBe('atRisk');
  });

  it('is breached past the deadline, even if the server still said running', () => {
    expect(
      slaStatusAt(clock({ goalMinutes: 100, deadline: at(-1) }), NOW).kind,
    ).toBe('breached');
  });

  it('reports paused and met clocks', () => {
    expect(
      slaStatusAt(clock({ state: 'paused', deadline: null }), NOW).kind,
    ).toBe('paused');
    expect(slaStatusAt(clock({ state: 'met' }), NOW).kind).toBe('met');
  });
});

describe('SlaCountdown', () => {
  afterEach(() => jest.useRealTimers());

  it('ticks down every second and turns "at risk", then "breached"', async () => {
    jest.useFakeTimers({ now: NOW });
    await renderInTestApp(
      <SlaCountdown clock={clock({ goalMinutes: 10, deadline: at(3) })} />,
    );
    const timer = () => screen.getByRole('timer');
    expect(timer()).toHaveTextContent('3 min 00 s left');
    expect(timer()).toHaveAttribute('data-sla-status', 'onTrack');

    act(() => {
      jest.advanceTimersByTime(1000);
    });
    expect(timer()).toHaveTextContent('2 min 59 s left');

    act(() => {
      jest.advanceTimersByTime(30 * 1000);
    });
    expect(timer()).toHaveTextContent('At risk: 2 min 29 s left');

    act(() => {
      jest.advanceTimersByTime(150 * 1000);
    });
    expect(timer()).toHaveTextContent('Breached 0 min 01 s ago');
    expect(timer()).toHaveAttribute('data-sla-status', 'breached');
  });

  it('shows "No SLA" without a clock', async () => {
    await renderInTestApp(<SlaCountdown clock={null} />);
    expect(screen.getByText('No SLA')).toBeInTheDocument();
  });
});
