/**
 * Configuration of the ITSM backend (`itsm:` in app-config.yaml).
 */
export interface Config {
  itsm?: {
    /**
     * Demo data: seeds SLAs, services, incidents, problems and changes for the demo catalog
     * on an empty database. Off unless enabled.
     */
    demoData?: {
      /** @default false */
      enabled?: boolean;
    };
    /** Used by the example permission policy of packages/backend. */
    permissions?: {
      /**
       * Groups whose members administer SLAs and may update every service, incident, problem
       * and change. @default ["group:default/platform-team"]
       */
      adminGroups?: string[];
      /**
       * Used by the example permission policy (packages/backend): false lets users read only
       * the ITSM records their groups own (CONDITIONAL isOwner on itsm.record.read; CAB members
       * also read every change; the admin groups and service principals read everything).
       * @default true
       */
      readOtherTeams?: boolean;
    };
    /**
     * The catalog sync: keeps ITSM services (managedBy `catalog`) in step with the
     * `itsm.backstage.io/*` annotations of Components, Systems and Resources.
     */
    catalogSync?: {
      /** Set to false to turn the sync off. @default true */
      enabled?: boolean;
      /** How often it runs, in minutes. @default 5 */
      frequencyMinutes?: number;
    };
    /** The search collators (itsm-service, itsm-incident, itsm-problem, itsm-change). */
    search?: {
      /** How often the ITSM documents are re-indexed, in minutes. @default 10 */
      frequencyMinutes?: number;
      /** Records per API page read by the collators (1..500). @default 200 */
      pageSize?: number;
    };
    /**
     * Alerts in (`POST /api/itsm/events/alerts`): which Alertmanager labels name the affected
     * catalog entity. The entity label wins over the component label.
     */
    alerts?: {
      /** Label holding a full entity ref, e.g. `component:default/checkout`. @default "entity" */
      entityLabel?: string;
      /** Label holding a component name in the default namespace. @default "component" */
      componentLabel?: string;
      /**
       * Label naming the ITSM service (its id or name) of a new incident; needed when the entity
       * has several active services (else the alert is refused with 400 naming the label).
       * @default "service"
       */
      serviceLabel?: string;
    };
    /**
     * Service principals: callers without a user (external access tokens from
     * `backend.auth.externalAccess`, e.g. subject `ci` or `external:<sub>`, and other plugins,
     * subject `plugin:<pluginId>`). Backstage's permissions service allows them everything
     * without asking the permission policy, so the ITSM plugin decides itself.
     */
    servicePrincipals?: {
      /**
       * What they may do: action names (for every service principal) and `{ subject, allow }`
       * entries (that subject gets its own list instead). Actions: read, alerts, deployments,
       * service.create, service.update, service.admin, incident.create, incident.update,
       * problem.create, problem.update, change.create, change.update, change.approve, sla.admin.
       * An unknown name fails the start-up.
       * A service principal owns no catalog entity: registering services (or changing a
       * service's entities or owner) needs `service.admin` besides `service.create`/`service.update`.
       * @default ["read", "alerts", "deployments", "incident.create", "change.create"]
       */
      allow?: Array<
        | string
        | {
            /** The principal's subject, e.g. `external:ci` or `plugin:scaffolder`. */
            subject: string;
            /** The actions this subject may do (replaces the general list for it). */
            allow: string[];
          }
      >;
    };
    /** The scheduled SLA check (warnings and breaches of running clocks). */
    slaCheck?: {
      /** How often it runs, in seconds. @default 60 */
      frequencySeconds?: number;
    };
    /**
     * Change management: CAB, risk scoring, approval policy and freeze windows.
     */
    changes?: {
      /**
       * Entity ref of the catalog Group that is the Change Advisory Board; its members may
       * vote on changes. `group:default/cab`, `default/cab` and `cab` are accepted.
       * @default "group:default/cab"
       */
      cab?: string;

      /**
       * Risk questionnaire scoring for normal and emergency changes (standard changes are
       * always low risk). Score = sum of the weights of the risk factors that apply.
       */
      risk?: {
        /** Points per risk factor; non-negative numbers. */
        weights?: {
          /** Added when the change is user-facing. @default 2 */
          userFacing?: number;
          /** Added unless the rollback has been tested (unanswered counts as not tested). @default 3 */
          rollbackNotTested?: number;
          /** Added when the change includes a data migration. @default 3 */
          dataMigration?: number;
          /** Added when the change is carried out during peak hours. @default 2 */
          peakHours?: number;
          /** Added per affected component beyond the first. @default 1 */
          perAffectedComponent?: number;
          /** Added per recent failed change on the same service. @default 2 */
          perRecentFailedChange?: number;
          /**
           * Multiplied by (4 − service criticality): criticality 1 (most critical) adds 3×,
           * 2 adds 2×, 3 adds 1×, 4 adds nothing.
           * @default 1
           */
          criticality?: number;
        };
        /** Minimum scores (inclusive) of the risk levels; below `medium` is low. */
        thresholds?: {
          /** Lowest score that is medium risk. @default 4 */
          medium?: number;
          /** Lowest score that is high risk; must be greater than `medium`. @default 8 */
          high?: number;
        };
      };

      /**
       * Approvals needed per change type (and risk, for normal changes). Each rule is merged
       * key by key over its default.
       */
      approvalPolicy?: {
        /** Standard changes. @default { cabApprovals: 0 } (pre-approved, no vote) */
        standard?: {
          /**
           * CAB approvals needed: a number, or "majority" (more than half of the CAB members).
           * 0 without ownerApproval means pre-approved.
           */
          cabApprovals?: number | 'majority';
          /** Also require one approval by a member of the owning group(s). */
          ownerApproval?: boolean;
          /** Require post-implementation review notes before closing. */
          mandatoryReview?: boolean;
        };
        /** Normal changes, by assessed risk (a normal change without a risk counts as high). */
        normal?: {
          /** Low risk. @default { cabApprovals: 1 } */
          low?: {
            /** CAB approvals needed: a number, or "majority" (more than half of the CAB members). */
            cabApprovals?: number | 'majority';
            /** Also require one approval by a member of the owning group(s). */
            ownerApproval?: boolean;
            /** Require post-implementation review notes before closing. */
            mandatoryReview?: boolean;
          };
          /** Medium risk. @default { cabApprovals: 2 } */
          medium?: {
            /** CAB approvals needed: a number, or "majority" (more than half of the CAB members). */
            cabApprovals?: number | 'majority';
            /** Also require one approval by a member of the owning group(s). */
            ownerApproval?: boolean;
            /** Require post-implementation review notes before closing. */
            mandatoryReview?: boolean;
          };
          /** High risk. @default { cabApprovals: "majority", ownerApproval: true } */
          high?: {
            /** CAB approvals needed: a number, or "majority" (more than half of the CAB members). */
            cabApprovals?: number | 'majority';
            /** Also require one approval by a member of the owning group(s). */
            ownerApproval?: boolean;
            /** Require post-implementation review notes before closing. */
            mandatoryReview?: boolean;
          };
        };
        /** Emergency changes (any risk). @default { cabApprovals: 1, mandatoryReview: true } */
        emergency?: {
          /** CAB approvals needed: a number, or "majority" (more than half of the CAB members). */
          cabApprovals?: number | 'majority';
          /** Also require one approval by a member of the owning group(s). */
          ownerApproval?: boolean;
          /** Require post-implementation review notes before closing. */
          mandatoryReview?: boolean;
        };
      };

      /**
       * Change freezes (blackout periods). A change whose planned window overlaps one gets a
       * `freeze` conflict: blocking for normal and standard changes, a warning for emergency
       * changes.
       */
      freezeWindows?: Array<{
        /** Shown in conflict messages, e.g. "Year-end freeze". */
        name: string;
        /** ISO 8601 instant with a timezone, e.g. "2026-12-20T00:00:00Z". */
        start: string;
        /** ISO 8601 instant with a timezone, after `start`, e.g. "2027-01-04T00:00:00Z". */
        end: string;
        /**
         * Entity refs the freeze applies to (e.g. "component:default/payments"); all entities
         * when omitted.
         */
        entityRefs?: string[];
      }>;
    };
  };
}
