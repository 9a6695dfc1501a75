import { ChangeState, ChangeType } from '@backstage-itsm/plugin-itsm-common';
import { ChangeTransitionContext, checkChangeTransition } from './stateMachine';

/** Checks moving a change of `type` from `state` to `to`. */
const move = (
  type: ChangeType,
  state: ChangeState,
  to: ChangeState,
  context?: ChangeTransitionContext,
) => checkChangeTransition({ type, state }, to, context);

describe('checkChangeTransition', () => {
  it('walks a normal change through the whole lifecycle', () => {
    expect(move('normal', 'new', 'assess')).toEqual({ ok: true });
    expect(move('normal', 'assess', 'authorize')).toEqual({ ok: true });
    expect(
      move('normal', 'authorize', 'scheduled', { approvalsSatisfied: true }),
    ).toEqual({ ok: true });
    expect(move('normal', 'scheduled', 'implement')).toEqual({ ok: true });
    expect(move('normal', 'implement', 'review')).toEqual({ ok: true });
    expect(
      move('normal', 'review', 'closed', { outcome: 'successful' }),
    ).toEqual({ ok: true });
  });

  it('refuses skipping states on a normal change, listing the allowed ones', () => {
    expect(move('normal', 'new', 'scheduled')).toEqual({
      ok: false,
      allowed: ['assess', 'canceled'],
      message:
        'A normal change cannot move from new to scheduled; allowed: assess, canceled',
    });
    expect(move('normal', 'new', 'authorize').ok).toBe(false);
    expect(move('normal', 'scheduled', 'review').ok).toBe(false);
    expect(move('normal', 'implement', 'closed').ok).toBe(false);
  });

  it('standard changes skip assess and authorize', () => {
    expect(move('standard', 'new', 'scheduled')).toEqual({ ok: true });
    expect(move('standard', 'new', 'assess')).toMatchObject({
      ok: false,
      allowed: ['scheduled', 'canceled'],
    });
    expect(move('standard', 'new', 'authorize').ok).toBe(false);
  });

  it('emergency changes go straight to authorize', () => {
    expect(move('emergency', 'new', 'authorize')).toEqual({ ok: true });
    expect(move('emergency', 'new', 'assess').ok).toBe(false);
  });

  it('schedules an authorized change only when the approvals are satisfied', () => {
    const change = { type: 'normal' as const, state: 'authorize' as const };
    expect(checkChangeTransition(change, 'scheduled')).toEqual({
      ok: false,
      allowed: ['scheduled', 'new', 'canceled'],
      message:
        'The change cannot be scheduled before the CAB approvals are complete',
    });
    expect(
      checkChangeTransition(change, 'scheduled', { approvalsSatisfied: false })
        .ok,
    ).toBe(false);
    expect(
      checkChangeTransition(change, 'scheduled', { approvalsSatisfied: true })
        .ok,
    ).toBe(true);
  });

  it('returns a rejected change to new', () => {
    expect(move('normal', 'authorize', 'new')).toEqual({ ok: true });
    expect(move('emergency', 'authorize', 'new')).toEqual({ ok: true });
  });

  it('a blocking conflict prevents entering authorize and scheduled', () => {
    const blocked = { hasBlockingConflict: true, approvalsSatisfied: true };
    const r1 = move('normal', 'assess', 'authorize', blocked);
    expect(r1.ok).toBe(false);
    expect(!r1.ok && r1.message).toMatch(/blocking conflict/);
    expect(move('normal', 'authorize', 'scheduled', blocked).ok).toBe(false);
    expect(move('standard', 'new', 'scheduled', blocked).ok).toBe(false);
    // Leaving is still possible.
    expect(move('normal', 'authorize', 'canceled', blocked)).toEqual({
      ok: true,
    });
    expect(move('normal', 'scheduled', 'implement', blocked)).toEqual({
      ok: true,
    });
  });

  it('closing needs an outcome', () => {
    const review = { type: 'normal' as const, state: 'review' as const };
    expect(checkChangeTransition(review, 'closed')).toEqual({
      ok: false,
      allowed: ['closed'],
      message:
        'Closing a change needs an outcome: successful, failed, rolled_back',
    });
    expect(
      checkChangeTransition(review, 'closed', { outcome: 'bogus' as any }).ok,
    ).toBe(false);
    for (const outcome of ['successful', 'failed', 'rolled_back'] as const) {
      expect(checkChangeTransition(review, 'closed', { outcome })).toEqual({
        ok: true,
      });
    }
  });

  it('emergency changes need a post-implementation review before closing', () => {
    const review = { type: 'emergency' as const, state: 'review' as const };
    const r = checkChangeTransition(review, 'closed', {
      outcome: 'successful',
    });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(
      /post-implementation review is mandatory/,
    );
    expect(
      checkChangeTransition(review, 'closed', {
        outcome: 'successful',
        reviewNotes: '  ',
      }).ok,
    ).toBe(false);
    expect(
      checkChangeTransition(review, 'closed', {
        outcome: 'rolled_back',
        reviewNotes: 'Hotfix reverted; root cause in PRB-12',
      }),
    ).toEqual({ ok: true });
    // A policy can make it mandatory for other changes too, or waive it.
    expect(
      move('normal', 'review', 'closed', {
        outcome: 'successful',
        mandatoryReview: true,
      }).ok,
    ).toBe(false);
    expect(
      checkChangeTransition(review, 'closed', {
        outcome: 'successful',
        mandatoryReview: false,
      }).ok,
    ).toBe(true);
  });

  it('cancels from any state but review, closed and canceled', () => {
    for (const state of [
      'new',
      'assess',
      'authorize',
      'scheduled',
      'implement',
    ] as const) {
      expect(
        checkChangeTransition({ type: 'normal', state }, 'canceled'),
      ).toEqual({ ok: true });
    }
    for (const state of ['review', 'closed', 'canceled'] as const) {
      expect(
        checkChangeTransition({ type: 'normal', state }, 'canceled').ok,
      ).toBe(false);
    }
    expect(move('normal', 'closed', 'new')).toMatchObject({
      ok: false,
      allowed: [],
      message:
        'A normal change cannot move from closed to new; allowed: none (final state)',
    });
  });

  it('refuses staying in the same state', () => {
    expect(move('normal', 'assess', 'assess').ok).toBe(false);
  });
});
