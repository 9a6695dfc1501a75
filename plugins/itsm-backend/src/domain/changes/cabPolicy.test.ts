import type { ChangeApproval } from '@backstage-itsm/plugin-itsm-common';
import {
  ApprovalPolicyConfig,
  ApprovalRequirement,
  cabMajority,
  checkVote,
  CheckVoteInput,
  DEFAULT_APPROVAL_POLICY,
  evaluateApprovals,
  requiredApprovals,
} from './cabPolicy';

/** An approval by CAB vote; majority, owner approval and mandatory review only where given. */
const voteRequirement = (
  cabApprovals: number,
  more: { majority?: true; ownerApproval?: true; mandatoryReview?: true } = {},
) => ({
  kind: 'vote',
  cabApprovals,
  majority: false,
  ownerApproval: false,
  mandatoryReview: false,
  ...more,
});

const CAB = 'group:default/cab';
const OWNERS = 'group:default/team-payments';

function vote(
  voterRef: string,
  decision: 'approve' | 'reject',
  roles: Array<'cab' | 'owner'> = ['cab'],
  comment: string | null = null,
): ChangeApproval {
  return { voterRef, decision, comment, at: '2026-03-02T10:00:00Z', roles };
}

describe('requiredApprovals (default policy)', () => {
  it('standard: pre-approved, no vote', () => {
    expect(
      requiredApprovals('standard', 'low', DEFAULT_APPROVAL_POLICY, 5),
    ).toEqual({
      kind: 'none',
      mandatoryReview: false,
    });
    expect(
      requiredApprovals('standard', null, DEFAULT_APPROVAL_POLICY, 5).kind,
    ).toBe('none');
  });

  it('normal low: 1 CAB approval', () => {
    expect(
      requiredApprovals('normal', 'low', DEFAULT_APPROVAL_POLICY, 5),
    ).toEqual(voteRequirement(1));
  });

  it('normal medium: 2 CAB approvals', () => {
    expect(
      requiredApprovals('normal', 'medium', DEFAULT_APPROVAL_POLICY, 5),
    ).toEqual(voteRequirement(2));
  });

  it('normal high: majority of the CAB and an owner approval', () => {
    expect(
      requiredApprovals('normal', 'high', DEFAULT_APPROVAL_POLICY, 5),
    ).toEqual(voteRequirement(3, { majority: true, ownerApproval: true }));
    expect(
      requiredApprovals('normal', 'high', DEFAULT_APPROVAL_POLICY, 4),
    ).toMatchObject({
      cabApprovals: 3,
    });
  });

  it('normal without an assessed risk is treated as high', () => {
    expect(
      requiredApprovals('normal', null, DEFAULT_APPROVAL_POLICY, 6),
    ).toMatchObject({
      cabApprovals: 4,
      ownerApproval: true,
    });
  });

  it('emergency: 1 CAB approval and a mandatory review, whatever the risk', () => {
    for (const risk of ['low', 'medium', 'high'] as const) {
      expect(
        requiredApprovals('emergency', risk, DEFAULT_APPROVAL_POLICY, 7),
      ).toEqual(voteRequirement(1, { mandatoryReview: true }));
    }
  });

  it('follows a custom policy', () => {
    const policy: ApprovalPolicyConfig = {
      ...DEFAULT_APPROVAL_POLICY,
      standard: {
        cabApprovals: 1,
        ownerApproval: false,
        mandatoryReview: false,
      },
      normal: {
        ...DEFAULT_APPROVAL_POLICY.normal,
        low: { cabApprovals: 0, ownerApproval: false, mandatoryReview: false },
        medium: {
          cabApprovals: 'majority',
          ownerApproval: false,
          mandatoryReview: true,
        },
      },
    };
    expect(requiredApprovals('standard', null, policy, 3)).toMatchObject({
      kind: 'vote',
      cabApprovals: 1,
    });
    expect(requiredApprovals('normal', 'low', policy, 3)).toEqual({
      kind: 'none',
      mandatoryReview: false,
    });
    expect(requiredApprovals('normal', 'medium', policy, 3)).toEqual(
      voteRequirement(2, { majority: true, mandatoryReview: true }),
    );
  });
});

describe('cabMajority', () => {
  it.each([
    [0, 1],
    [1, 1],
    [2, 2],
    [3, 2],
    [4, 3],
    [5, 3],
    [10, 6],
  ])('CAB of %i → %i', (size, majority) => {
    expect(cabMajority(size)).toBe(majority);
  });
});

describe('checkVote', () => {
  const base: CheckVoteInput = {
    voterRef: 'user:default/carol',
    voterGroups: [CAB],
    requesterRef: 'user:default/jane',
    cabGroupRef: CAB,
    ownerGroupRefs: [OWNERS],
    existingVotes: [],
    changeState: 'authorize',
    decision: 'approve',
    requirement: requiredApprovals('normal', 'low', DEFAULT_APPROVAL_POLICY, 5),
  };

  it('accepts a CAB member in authorize', () => {
    expect(checkVote(base)).toEqual({ ok: true, roles: ['cab'] });
  });

  it('refuses self-approval, and any vote by the requester', () => {
    const self = { ...base, voterRef: 'user:default/jane' };
    expect(checkVote(self)).toMatchObject({
      ok: false,
      reason: 'self_approval',
    });
    expect(
      checkVote({ ...self, decision: 'reject', comment: 'nope' }),
    ).toMatchObject({
      ok: false,
      reason: 'self_approval',
    });
    expect(checkVote({ ...self, voterRef: 'User:Default/Jane' })).toMatchObject(
      {
        ok: false,
        reason: 'self_approval',
      },
    );
  });

  it('refuses a second vote by the same member, even with the other decision', () => {
    const existingVotes = [vote('user:default/carol', 'approve')];
    const result = checkVote({
      ...base,
      existingVotes,
      decision: 'reject',
      comment: 'changed my mind',
    });
    expect(result).toEqual({
      ok: false,
      reason: 'double_vote',
      message: 'user:default/carol has already voted (approve) on this change',
    });
    expect(
      checkVote({
        ...base,
        existingVotes: [vote('user:default/dave', 'approve')],
      }),
    ).toEqual({
      ok: true,
      roles: ['cab'],
    });
  });

  it('refuses votes outside authorize', () => {
    for (const changeState of [
      'new',
      'assess',
      'scheduled',
      'closed',
    ] as const) {
      expect(checkVote({ ...base, changeState })).toMatchObject({
        ok: false,
        reason: 'wrong_state',
      });
    }
  });

  it('records a vote agreeing with the decision its round has just taken, and refuses one against it', () => {
    const approvedRound = [vote('user:default/alice', 'approve')];
    expect(
      checkVote({
        ...base,
        changeState: 'scheduled',
        decidedRound: 'approved',
        existingVotes: approvedRound,
      }),
    ).toEqual({ ok: true, roles: ['cab'], late: true });
    expect(
      checkVote({
        ...base,
        changeState: 'new',
        decidedRound: 'rejected',
        decision: 'reject',
        comment: 'no rollback plan',
      }),
    ).toEqual({ ok: true, roles: ['cab'], late: true });
    expect(
      checkVote({
        ...base,
        changeState: 'scheduled',
        decidedRound: 'approved',
        decision: 'reject',
        comment: 'no',
      }),
    ).toMatchObject({ ok: false, reason: 'already_decided' });
    expect(
      checkVote({ ...base, changeState: 'new', decidedRound: 'rejected' }),
    ).toMatchObject({
      ok: false,
      reason: 'already_decided',
    });
    // The other rules still hold for a late vote.
    expect(
      checkVote({
        ...base,
        changeState: 'scheduled',
        decidedRound: 'approved',
        existingVotes: [vote('user:default/carol', 'approve')],
      }),
    ).toMatchObject({ ok: false, reason: 'double_vote' });
    expect(
      checkVote({
        ...base,
        changeState: 'scheduled',
        decidedRound: 'approved',
        voterRef: 'user:default/jane',
      }),
    ).toMatchObject({ ok: false, reason: 'self_approval' });
    expect(
      checkVote({
        ...base,
        changeState: 'scheduled',
        decidedRound: 'approved',
        voterGroups: [],
      }),
    ).toMatchObject({ ok: false, reason: 'not_eligible' });
  });

  it('refuses votes on pre-approved changes', () => {
    expect(
      checkVote({
        ...base,
        requirement: requiredApprovals(
          'standard',
          'low',
          DEFAULT_APPROVAL_POLICY,
          5,
        ),
      }),
    ).toMatchObject({ ok: false, reason: 'wrong_state' });
  });

  it('refuses non-members of the CAB', () => {
    expect(checkVote({ ...base, voterGroups: ['group:default/devs'] })).toEqual(
      {
        ok: false,
        reason: 'not_eligible',
        message:
          'user:default/carol is not a member of the CAB (group:default/cab)',
      },
    );
  });

  it('refuses owner-group members when no owner approval is required', () => {
    expect(checkVote({ ...base, voterGroups: [OWNERS] })).toMatchObject({
      ok: false,
      reason: 'not_eligible',
    });
    expect(
      checkVote({ ...base, voterGroups: [OWNERS], requirement: undefined }),
    ).toMatchObject({
      ok: false,
      reason: 'not_eligible',
    });
  });

  it('lets owner-group members cast the owner approval on a normal high change', () => {
    const requirement = requiredApprovals(
      'normal',
      'high',
      DEFAULT_APPROVAL_POLICY,
      5,
    );
    expect(checkVote({ ...base, voterGroups: [OWNERS], requirement })).toEqual({
      ok: true,
      roles: ['owner'],
    });
    expect(
      checkVote({ ...base, voterGroups: [CAB, OWNERS], requirement }),
    ).toEqual({
      ok: true,
      roles: ['cab', 'owner'],
    });
    expect(
      checkVote({ ...base, voterGroups: ['group:default/other'], requirement }),
    ).toMatchObject({
      ok: false,
      reason: 'not_eligible',
    });
  });

  it('compares group refs case-insensitively', () => {
    expect(checkVote({ ...base, voterGroups: ['Group:Default/CAB'] })).toEqual({
      ok: true,
      roles: ['cab'],
    });
  });

  it('requires a comment on a rejection, not on an approval', () => {
    expect(checkVote({ ...base, decision: 'reject' })).toMatchObject({
      ok: false,
      reason: 'comment_required',
    });
    expect(
      checkVote({ ...base, decision: 'reject', comment: '   ' }),
    ).toMatchObject({
      ok: false,
      reason: 'comment_required',
    });
    expect(
      checkVote({ ...base, decision: 'reject', comment: 'No rollback plan' }),
    ).toEqual({
      ok: true,
      roles: ['cab'],
    });
  });
});

describe('evaluateApprovals', () => {
  const low = requiredApprovals('normal', 'low', DEFAULT_APPROVAL_POLICY, 5);
  const medium = requiredApprovals(
    'normal',
    'medium',
    DEFAULT_APPROVAL_POLICY,
    5,
  );
  const high = requiredApprovals('normal', 'high', DEFAULT_APPROVAL_POLICY, 5);
  const emergency = requiredApprovals(
    'emergency',
    'high',
    DEFAULT_APPROVAL_POLICY,
    5,
  );

  it('standard: approved without votes', () => {
    const none: ApprovalRequirement = { kind: 'none', mandatoryReview: false };
    expect(evaluateApprovals(none, [], 5)).toEqual({
      status: 'approved',
      approvalsSoFar: 0,
      needed: 0,
      ownerApproved: false,
      rejectionReasons: [],
    });
  });

  it('normal low: pending without votes, approved with one CAB approval', () => {
    expect(evaluateApprovals(low, [], 5)).toMatchObject({
      status: 'pending',
      needed: 1,
    });
    expect(
      evaluateApprovals(low, [vote('user:default/a', 'approve')], 5),
    ).toEqual({
      status: 'approved',
      approvalsSoFar: 1,
      needed: 1,
      ownerApproved: false,
      rejectionReasons: [],
    });
  });

  it('normal medium: needs two CAB approvals', () => {
    const one = [vote('user:default/a', 'approve')];
    expect(evaluateApprovals(medium, one, 5)).toMatchObject({
      status: 'pending',
      approvalsSoFar: 1,
      needed: 2,
    });
    const two = [...one, vote('user:default/b', 'approve')];
    expect(evaluateApprovals(medium, two, 5)).toMatchObject({
      status: 'approved',
      approvalsSoFar: 2,
    });
  });

  it('counts only the first vote of each voter', () => {
    const dup = [
      vote('user:default/a', 'approve'),
      vote('User:default/A', 'approve'),
    ];
    expect(evaluateApprovals(medium, dup, 5)).toMatchObject({
      status: 'pending',
      approvalsSoFar: 1,
    });
  });

  it('normal high: a CAB majority alone is not enough without the owner approval', () => {
    const majority = [
      vote('user:default/a', 'approve'),
      vote('user:default/b', 'approve'),
      vote('user:default/c', 'approve'),
    ];
    expect(evaluateApprovals(high, majority, 5)).toEqual({
      status: 'pending',
      approvalsSoFar: 3,
      needed: 3,
      ownerApproved: false,
      rejectionReasons: [],
    });
    const withOwner = [
      ...majority,
      vote('user:default/o', 'approve', ['owner']),
    ];
    expect(evaluateApprovals(high, withOwner, 5)).toMatchObject({
      status: 'approved',
      approvalsSoFar: 3,
      ownerApproved: true,
    });
  });

  it('normal high: an owner-only vote does not count towards the CAB majority', () => {
    const votes = [
      vote('user:default/a', 'approve'),
      vote('user:default/b', 'approve'),
      vote('user:default/o', 'approve', ['owner']),
    ];
    expect(evaluateApprovals(high, votes, 5)).toMatchObject({
      status: 'pending',
      approvalsSoFar: 2,
      ownerApproved: true,
    });
  });

  it('normal high: a CAB member of the owning group counts for both', () => {
    const votes = [
      vote('user:default/a', 'approve'),
      vote('user:default/b', 'approve', ['cab', 'owner']),
    ];
    expect(evaluateApprovals(high, votes, 3)).toMatchObject({
      status: 'approved',
      approvalsSoFar: 2,
      needed: 2,
      ownerApproved: true,
    });
  });

  it('normal high: the majority follows the current CAB size', () => {
    const votes = [
      vote('user:default/a', 'approve', ['cab', 'owner']),
      vote('user:default/b', 'approve'),
      vote('user:default/c', 'approve'),
    ];
    expect(evaluateApprovals(high, votes, 5).status).toBe('approved');
    expect(evaluateApprovals(high, votes, 6)).toMatchObject({
      status: 'pending',
      needed: 4,
    });
  });

  it('emergency: one CAB approval proceeds; the review stays mandatory', () => {
    expect(emergency).toMatchObject({ mandatoryReview: true });
    expect(
      evaluateApprovals(emergency, [vote('user:default/a', 'approve')], 5),
    ).toMatchObject({
      status: 'approved',
      approvalsSoFar: 1,
      needed: 1,
    });
  });

  it('any rejection rejects, with the reasons', () => {
    const votes = [
      vote('user:default/a', 'approve'),
      vote('user:default/b', 'approve'),
      vote('user:default/c', 'reject', ['cab'], 'Rollback plan is missing'),
    ];
    expect(evaluateApprovals(medium, votes, 5)).toEqual({
      status: 'rejected',
      approvalsSoFar: 2,
      needed: 2,
      ownerApproved: false,
      rejectionReasons: ['user:default/c: Rollback plan is missing'],
    });
  });

  it('an owner rejection on a high change rejects as well', () => {
    const votes = [
      vote('user:default/o', 'reject', ['owner'], 'Not during our release'),
      vote('user:default/p', 'reject', ['owner'], null),
    ];
    expect(evaluateApprovals(high, votes, 5)).toMatchObject({
      status: 'rejected',
      rejectionReasons: [
        'user:default/o: Not during our release',
        'user:default/p: rejected',
      ],
    });
  });
});
