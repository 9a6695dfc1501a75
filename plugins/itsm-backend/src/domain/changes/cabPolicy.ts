/*
 * CAB approval policy: who must approve which change, who may vote, and when the votes add up.
 *
 * Pure module: no I/O, no clock. Group membership is resolved by the caller (catalog) and
 * passed in as entity refs.
 *
 * Default policy (configurable under `itsm.changes.approvalPolicy`):
 * - standard: pre-approved, no vote.
 * - normal, low risk: 1 CAB approval.
 * - normal, medium risk: 2 CAB approvals.
 * - normal, high risk: a majority of the CAB (more than half of its member count) AND at
 *   least one approval by a member of the owning group(s).
 * - emergency (any risk): 1 CAB approval to proceed, then a mandatory post-implementation
 *   review.
 *
 * Voting rules (decisions):
 * - Votes are accepted only while the change is in `authorize`. `assess` is the requester's /
 *   change manager's preparation step (risk questionnaire, plans); the CAB votes on what was
 *   submitted for authorization, so a vote in `assess` is refused with `wrong_state`.
 * - Except a vote that agrees with the decision its round has just taken (`decidedRound`):
 *   members voting at the same moment as the deciding vote must not fail because someone else
 *   was faster. It is recorded in that round and changes nothing. A vote against the decision
 *   is refused (`already_decided`): it can no longer have the effect the voter wants.
 * - The requester may not vote at all on their own change — neither approve nor reject
 *   (`self_approval`). They can withdraw or cancel the change instead.
 * - One vote per person; a second vote (even with the other decision) is refused
 *   (`double_vote`).
 * - Only CAB members may vote, except that when the requirement asks for an owner approval
 *   (normal/high by default) members of the owning group(s) may vote too; their vote counts
 *   as the owner approval. A voter in both groups counts for both (`roles: ['cab','owner']`).
 * - A rejection must carry a comment (`comment_required`): the comments are the reasons the
 *   change goes back to `new` with. Approvals may have no comment.
 * - Any rejection rejects the change, whatever the number of approvals.
 * - Entity refs are compared case-insensitively (the catalog lower-cases relation targets).
 * - `cabSize` is the number of CAB members as resolved from the catalog, requester included.
 *   A fixed number of approvals is not capped to the CAB size: a policy that cannot be met
 *   stays pending (fix the policy or the CAB).
 */
import type {
  ChangeApproval,
  ChangeState,
  ChangeType,
  RiskLevel,
} from '@backstage-itsm/plugin-itsm-common';

/** One policy rule. @public */
export interface ApprovalRule {
  /**
   * CAB approvals needed: a number, or `'majority'` (more than half of the CAB member
   * count). `0` without `ownerApproval` means pre-approved (no vote).
   */
  cabApprovals: number | 'majority';
  /** At least one approval by a member of the owning group(s) is needed as well. */
  ownerApproval: boolean;
  /** A post-implementation review (review notes) is mandatory before closing. */
  mandatoryReview: boolean;
}

/** The approval policy by change type and (for normal changes) risk. @public */
export interface ApprovalPolicyConfig {
  standard: ApprovalRule;
  normal: Record<RiskLevel, ApprovalRule>;
  emergency: ApprovalRule;
}

/** @public */
export const DEFAULT_APPROVAL_POLICY: ApprovalPolicyConfig = {
  standard: { cabApprovals: 0, ownerApproval: false, mandatoryReview: false },
  normal: {
    low: { cabApprovals: 1, ownerApproval: false, mandatoryReview: false },
    medium: { cabApprovals: 2, ownerApproval: false, mandatoryReview: false },
    high: {
      cabApprovals: 'majority',
      ownerApproval: true,
      mandatoryReview: false,
    },
  },
  emergency: { cabApprovals: 1, ownerApproval: false, mandatoryReview: true },
};

/** What a change needs to be authorized. @public */
export type ApprovalRequirement =
  | { kind: 'none'; mandatoryReview: boolean }
  | {
      kind: 'vote';
      /** CAB approvals needed (a majority already resolved against the CAB size). */
      cabApprovals: number;
      /** Whether `cabApprovals` came from a `'majority'` rule. */
      majority: boolean;
      ownerApproval: boolean;
      mandatoryReview: boolean;
    };

/** More than half: 1 → 1, 2 → 2, 3 → 2, 4 → 3, 5 → 3. Never below 1. @public */
export function cabMajority(cabSize: number): number {
  const size =
    Number.isFinite(cabSize) && cabSize > 0 ? Math.floor(cabSize) : 0;
  return Math.max(1, Math.floor(size / 2) + 1);
}

/** The rule that applies to a change. A normal change without a risk level is treated as high. @public */
export function approvalRuleFor(
  type: ChangeType,
  risk: RiskLevel | null,
  policyConfig: ApprovalPolicyConfig = DEFAULT_APPROVAL_POLICY,
): ApprovalRule {
  if (type === 'standard') return policyConfig.standard;
  if (type === 'emergency') return policyConfig.emergency;
  return policyConfig.normal[risk ?? 'high'];
}

/**
 * What a change of this type and risk needs. Normal changes without an assessed risk are
 * treated as high risk (the safe side).
 * @public
 */
export function requiredApprovals(
  type: ChangeType,
  risk: RiskLevel | null,
  policyConfig: ApprovalPolicyConfig = DEFAULT_APPROVAL_POLICY,
  cabSize: number = 0,
): ApprovalRequirement {
  const rule = approvalRuleFor(type, risk, policyConfig);
  const majority = rule.cabApprovals === 'majority';
  const cabApprovals = majority
    ? cabMajority(cabSize)
    : Math.max(0, Math.floor(rule.cabApprovals as number));
  if (cabApprovals === 0 && !rule.ownerApproval) {
    return { kind: 'none', mandatoryReview: rule.mandatoryReview };
  }
  return {
    kind: 'vote',
    cabApprovals,
    majority,
    ownerApproval: rule.ownerApproval,
    mandatoryReview: rule.mandatoryReview,
  };
}

/** @public */
export type VoteRole = 'cab' | 'owner';

/** @public */
export interface CheckVoteInput {
  voterRef: string;
  /** Entity refs of the groups the voter is a member of (from the catalog). */
  voterGroups: string[];
  requesterRef: string;
  cabGroupRef: string;
  /** Entity refs of the groups owning the change's entities. */
  ownerGroupRefs: string[];
  existingVotes: ChangeApproval[];
  changeState: ChangeState;
  decision: 'approve' | 'reject';
  /** Required (non-blank) for a rejection. */
  comment?: string | null;
  /**
   * The change's requirement. Members of the owning group(s) who are not in the CAB may only
   * vote when it asks for an owner approval; without it they are not eligible.
   */
  requirement?: ApprovalRequirement;
  /**
   * The decision of the round the vote would join, when the change left `authorize` through
   * that round's votes (approved → scheduled; rejected → back to new). The caller passes that
   * round's votes as `existingVotes`.
   */
  decidedRound?: 'approved' | 'rejected';
}

/** @public */
export type VoteRefusalReason =
  | 'self_approval'
  | 'double_vote'
  | 'not_eligible'
  | 'wrong_state'
  | 'already_decided'
  | 'comment_required';

/** @public */
export type CheckVoteResult =
  /** `late`: the vote joins an already decided round (see `decidedRound`) and decides nothing. */
  | { ok: true; roles: VoteRole[]; late?: true }
  | { ok: false; reason: VoteRefusalReason; message: string };

const norm = (ref: string) => ref.trim().toLocaleLowerCase('en-US');

/**
 * Whether a vote may be cast, and in which role(s) it counts. Checks, in order: state,
 * requester, double vote, eligibility, comment.
 * @public
 */
export function checkVote(input: CheckVoteInput): CheckVoteResult {
  const late =
    input.changeState !== 'authorize' && input.decidedRound !== undefined;
  if (
    late &&
    input.decidedRound !==
      (input.decision === 'approve' ? 'approved' : 'rejected')
  ) {
    return {
      ok: false,
      reason: 'already_decided',
      message: `The CAB has already ${input.decidedRound} this change; the vote can no longer change that`,
    };
  }
  if (input.changeState !== 'authorize' && !late) {
    return {
      ok: false,
      reason: 'wrong_state',
      message: `Votes are only accepted while the change is in authorize (it is in ${input.changeState})`,
    };
  }
  if (input.requirement?.kind === 'none') {
    return {
      ok: false,
      reason: 'wrong_state',
      message: 'This change is pre-approved: there is no vote',
    };
  }
  const voter = norm(input.voterRef);
  if (voter === norm(input.requesterRef)) {
    return {
      ok: false,
      reason: 'self_approval',
      message: `${input.voterRef} requested this change and may not vote on it`,
    };
  }
  const previous = input.existingVotes.find(v => norm(v.voterRef) === voter);
  if (previous) {
    return {
      ok: false,
      reason: 'double_vote',
      message: `${input.voterRef} has already voted (${previous.decision}) on this change`,
    };
  }

  const groups = new Set(input.voterGroups.map(norm));
  const roles: VoteRole[] = [];
  if (groups.has(norm(input.cabGroupRef))) roles.push('cab');
  const isOwner = input.ownerGroupRefs.some(g => groups.has(norm(g)));
  const ownerVoteOpen =
    input.requirement?.kind === 'vote' && input.requirement.ownerApproval;
  if (isOwner && (ownerVoteOpen || roles.includes('cab'))) roles.push('owner');

  if (!roles.includes('cab') && !(roles.includes('owner') && ownerVoteOpen)) {
    return {
      ok: false,
      reason: 'not_eligible',
      message: ownerVoteOpen
        ? `${input.voterRef} is neither a member of the CAB (${
            input.cabGroupRef
          }) nor of the owning group(s) (${
            input.ownerGroupRefs.join(', ') || 'none'
          })`
        : `${input.voterRef} is not a member of the CAB (${input.cabGroupRef})`,
    };
  }

  if (input.decision === 'reject' && !(input.comment ?? '').trim()) {
    return {
      ok: false,
      reason: 'comment_required',
      message: 'A rejection needs a comment giving the reason',
    };
  }
  return late ? { ok: true, roles, late } : { ok: true, roles };
}

/** @public */
export interface ApprovalEvaluation {
  status: 'pending' | 'approved' | 'rejected';
  /** Approvals that count as CAB approvals. */
  approvalsSoFar: number;
  /** CAB approvals needed. */
  needed: number;
  /** Whether a member of the owning group(s) approved. */
  ownerApproved: boolean;
  /** One line per rejection: `<voter>: <comment>`. */
  rejectionReasons: string[];
}

/**
 * Adds up the votes. Any rejection rejects. Only the first vote of each voter counts.
 * `cabSize` is only used when the requirement does not carry a resolved number (kept for
 * symmetry with `requiredApprovals`; a 'majority' requirement is re-resolved against it when
 * given).
 * @public
 */
export function evaluateApprovals(
  requirement: ApprovalRequirement,
  votes: ChangeApproval[],
  cabSize?: number,
): ApprovalEvaluation {
  const seen = new Set<string>();
  const unique = votes.filter(v => {
    const k = norm(v.voterRef);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });

  const approvals = unique.filter(v => v.decision === 'approve');
  const approvalsSoFar = approvals.filter(v => v.roles.includes('cab')).length;
  const ownerApproved = approvals.some(v => v.roles.includes('owner'));
  const rejectionReasons = unique
    .filter(v => v.decision === 'reject')
    .map(v =>
      v.comment?.trim()
        ? `${v.voterRef}: ${v.comment.trim()}`
        : `${v.voterRef}: rejected`,
    );

  if (requirement.kind === 'none') {
    return {
      status: 'approved',
      approvalsSoFar,
      needed: 0,
      ownerApproved,
      rejectionReasons: [],
    };
  }

  const needed =
    requirement.majority && cabSize !== undefined
      ? cabMajority(cabSize)
      : requirement.cabApprovals;

  let status: ApprovalEvaluation['status'];
  if (rejectionReasons.length > 0) status = 'rejected';
  else if (
    approvalsSoFar >= needed &&
    (!requirement.ownerApproval || ownerApproved)
  ) {
    status = 'approved';
  } else status = 'pending';

  return { status, approvalsSoFar, needed, ownerApproved, rejectionReasons };
}
