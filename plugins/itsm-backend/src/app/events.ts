import { LoggerService } from '@backstage/backend-plugin-api';
import {
  Change,
  Incident,
  IncidentState,
  Priority,
  Problem,
} from '@backstage-itsm/plugin-itsm-common';

/** Domain events other parts of the plugin (notifications, search) react to. */
export type ItsmEvent =
  | { type: 'incident.created'; incident: Incident }
  /** `previousPriority`: the priority before this update (it changes with impact/urgency). */
  | { type: 'incident.updated'; incident: Incident; previousPriority: Priority }
  | { type: 'incident.transitioned'; incident: Incident; to: IncidentState }
  | {
      type: 'incident.sla';
      incident: Incident;
      clock: 'response' | 'resolution';
      kind: 'warning' | 'breach';
      at: string;
    }
  | { type: 'problem.changed'; problem: Problem }
  | { type: 'change.created'; change: Change }
  | { type: 'change.updated'; change: Change }
  | { type: 'change.awaiting_cab'; change: Change }
  | { type: 'change.approved'; change: Change }
  | { type: 'change.rejected'; change: Change; reasons: string[] };

export type ItsmEventListener = (event: ItsmEvent) => Promise<void> | void;

/**
 * A small in-process bus. Listeners run after the write committed; a failing listener is
 * logged and never undoes or fails the request that caused the event.
 */
export class ItsmEvents {
  private readonly listeners: ItsmEventListener[] = [];

  constructor(private readonly logger?: LoggerService) {}

  subscribe(listener: ItsmEventListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  async emit(event: ItsmEvent): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(event);
      } catch (e) {
        this.logger?.warn(
          `ITSM event listener failed for ${event.type}: ${
            (e as Error).message
          }`,
        );
      }
    }
  }
}

/**
 * Holds the events of work done inside a caller's transaction (managers bound to it emit as
 * soon as their part is written) until that transaction has committed; then `flush` passes
 * them on. Dropped when the transaction rolls back.
 */
export class DeferredEvents extends ItsmEvents {
  private readonly queued: ItsmEvent[] = [];

  async emit(event: ItsmEvent): Promise<void> {
    this.queued.push(event);
  }

  async flush(to: ItsmEvents): Promise<void> {
    for (const event of this.queued.splice(0)) await to.emit(event);
  }
}
