import { LoggerService } from '@backstage/backend-plugin-api';
import {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import { Change, Incident } from '@backstage-itsm/plugin-itsm-common';
import { ChangeConfig } from '../domain/changes';
import { DatabaseItsmStore } from '../store/DatabaseItsmStore';
import { ItsmEvent, ItsmEvents } from '../app/events';
import { entityItsmLink } from '../links';

export { entityItsmLink };

/** The notification topic of every ITSM notification (users can mute it in their settings). */
export const ITSM_NOTIFICATION_TOPIC = 'itsm';

/** Priorities whose opening pages the owning team. */
const URGENT_PRIORITIES = new Set(['P1', 'P2']);

export interface ItsmNotificationsOptions {
  events: ItsmEvents;
  notifications: NotificationService;
  store: Pick<DatabaseItsmStore, 'getService'>;
  logger: LoggerService;
  changeConfig: Pick<ChangeConfig, 'cabGroupRef'>;
}

/** The entity's ITSM tab with the incident highlighted and searched for (`?incident=`). */
export function incidentLink(
  incident: Pick<Incident, 'entityRef' | 'number'>,
): string {
  return `${entityItsmLink(incident.entityRef)}?incident=${encodeURIComponent(
    incident.number,
  )}`;
}

function changeLink(change: Change): string | undefined {
  return change.entityRefs.length
    ? entityItsmLink(change.entityRefs[0])
    : undefined;
}

const unique = (refs: Array<string | null | undefined>): string[] => [
  ...new Set(
    refs.filter((r): r is string => typeof r === 'string' && r !== ''),
  ),
];

/**
 * Turns ITSM domain events into Backstage notifications:
 *
 * - a P1/P2 incident opened, or an incident raised to P1/P2 → the group owning its service;
 * - an SLA warning or breach → the assignee and the owning group;
 * - a change awaiting the CAB → the CAB group;
 * - a change approved or rejected → the requester (when it is a user).
 *
 * Who learns what: the plugin cannot evaluate the permission policy for an arbitrary recipient,
 * and a notification must not show a record to someone the policy hides it from. So only the
 * group owning the record (the owner of the incident's service: `isOwner`, which every
 * ownership-based policy lets read it) gets its content (title, description, entity). Everybody
 * else it concerns (an assignee, a change's requester, the CAB) gets the record number, what
 * happened and the link, and reads the content through the API, which asks the policy. A user
 * who is both gets the full notification: both carry the same scope and the full one is sent
 * last, so it replaces the other.
 *
 * Every notification carries a `scope`, so a re-sent notification of the same fact replaces
 * the earlier one instead of piling up. A failing send is logged and never fails the request
 * that caused the event.
 *
 * @returns a function that unsubscribes from the bus
 */
export function registerItsmNotifications(
  options: ItsmNotificationsOptions,
): () => void {
  const { events, notifications, store, logger, changeConfig } = options;

  const send = async (
    recipients: string[],
    payload: NotificationSendOptions['payload'],
  ) => {
    if (!recipients.length) return;
    try {
      await notifications.send({
        recipients: { type: 'entity', entityRef: recipients },
        payload: { topic: ITSM_NOTIFICATION_TOPIC, ...payload },
      });
    } catch (e) {
      logger.warn(
        `ITSM notification '${
          payload.title
        }' could not be sent to ${recipients.join(', ')}: ${
          (e as Error).message
        }`,
      );
    }
  };

  const owningGroupOf = async (
    incident: Incident,
  ): Promise<string | undefined> => {
    if (!incident.serviceId) return undefined;
    const service = await store.getService(incident.serviceId);
    return service?.ownerRef || undefined;
  };

  const handle = async (event: ItsmEvent): Promise<void> => {
    switch (event.type) {
      case 'incident.created': {
        const { incident } = event;
        // Imported incidents are history being migrated, not something to page anyone for.
        if (
          !URGENT_PRIORITIES.has(incident.priority) ||
          incident.source === 'import'
        )
          return;
        const owner = await owningGroupOf(incident);
        await send(unique([owner]), {
          title: `${incident.priority} incident ${incident.number} opened: ${incident.title}`,
          description: `${incident.entityRef}${
            incident.description ? ` — ${incident.description}` : ''
          }`,
          link: incidentLink(incident),
          severity: incident.priority === 'P1' ? 'critical' : 'high',
          scope: `itsm:incident:${incident.id}:opened`,
        });
        return;
      }
      case 'incident.updated': {
        // Raised to P1/P2 (a new impact or urgency), or from P2 to P1: page the owners as if it
        // had been opened so. Lowering the priority, or any other edit, sends nothing.
        const { incident, previousPriority } = event;
        const raised = incident.priority < previousPriority; // 'P1' < 'P2' < 'P3' < 'P4'
        if (
          !raised ||
          !URGENT_PRIORITIES.has(incident.priority) ||
          incident.source === 'import'
        )
          return;
        const owner = await owningGroupOf(incident);
        await send(unique([owner]), {
          title: `${incident.number} raised to ${incident.priority}: ${incident.title}`,
          description: `${incident.entityRef}: ${previousPriority} → ${incident.priority}`,
          link: incidentLink(incident),
          severity: incident.priority === 'P1' ? 'critical' : 'high',
          scope: `itsm:incident:${incident.id}:priority:${incident.priority}`,
        });
        return;
      }
      case 'incident.sla': {
        const { incident, clock, kind } = event;
        const owner = await owningGroupOf(incident);
        const what = kind === 'breach' ? 'breached' : 'at risk (75 % used)';
        const note = {
          title: `${incident.number}: ${clock} SLA ${what}`,
          link: incidentLink(incident),
          severity:
            kind === 'breach' ? ('critical' as const) : ('high' as const),
          scope: `itsm:incident:${incident.id}:sla:${clock}:${kind}`,
        };
        // The assignee first, with the number only; then the owners with the content.
        await send(
          unique([incident.assigneeRef]).filter(ref => ref !== owner),
          {
            ...note,
            description: `Assigned to you. Open ${incident.number} for the details.`,
          },
        );
        await send(unique([owner]), {
          ...note,
          description: `${incident.priority} ${incident.title} (${incident.entityRef})`,
        });
        return;
      }
      case 'change.awaiting_cab': {
        const { change } = event;
        // The number and the link only: the CAB reads the change in the CAB queue (the API).
        await send(unique([changeConfig.cabGroupRef]), {
          title: `Change ${change.number} awaits CAB approval`,
          description: `Review ${change.number} in the CAB queue.`,
          link: '/itsm/cab',
          severity: change.risk === 'high' ? 'high' : 'normal',
          scope: `itsm:change:${change.id}:awaiting_cab`,
        });
        return;
      }
      case 'change.approved':
      case 'change.rejected': {
        const { change } = event;
        if (!change.requestedBy?.startsWith('user:')) return;
        const approved = event.type === 'change.approved';
        // The requester need not own the change's services: the decision and the link only; the
        // reasons are read on the change (the API).
        await send([change.requestedBy], {
          title: `Change ${change.number} ${
            approved ? 'approved' : 'rejected'
          }`,
          description: approved
            ? `The CAB approved ${change.number}; it is ${change.state}.`
            : `The CAB rejected ${change.number}; the reasons are on the change.`,
          link: changeLink(change),
          severity: approved ? 'normal' : 'high',
          scope: `itsm:change:${change.id}:decision:${
            approved ? 'approved' : 'rejected'
          }`,
        });
        return;
      }
      default:
        return;
    }
  };

  return events.subscribe(handle);
}
