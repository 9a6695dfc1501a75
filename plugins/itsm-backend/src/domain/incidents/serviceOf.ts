import { InputError } from '@backstage/errors';
import { Service } from '@backstage-itsm/plugin-itsm-common';

/*
 * Which service an incident belongs to. The service decides who owns the incident (isOwner),
 * so it is never guessed: it is named, or it is the entity's only active service, or there is
 * none. Pure: the caller loads the entity's services.
 */

const describe = (services: Service[]) =>
  services.map(s => `${s.name} (${s.id})`).join(', ');

/**
 * The service of an incident on `entityRef`, given the services on that entity.
 *
 * - `named` (a service id or name, from `field`): the one service on the entity with that id,
 *   else the one with that name (case-insensitive); none or several → 400 naming `field`;
 * - nothing named: the entity's single active (not retired) service, null without one, and
 *   400 naming `field` when there are several.
 */
export function chooseIncidentService(
  entityRef: string,
  services: Service[],
  options: { named?: string; field: string },
): Service | null {
  const { named, field } = options;
  if (named !== undefined) {
    const byId = services.filter(s => s.id === named);
    const lower = named.toLocaleLowerCase('en-US');
    const matches = byId.length
      ? byId
      : services.filter(s => s.name.toLocaleLowerCase('en-US') === lower);
    if (matches.length === 0) {
      throw new InputError(`${field}: no service '${named}' on ${entityRef}`);
    }
    if (matches.length > 1) {
      throw new InputError(
        `${field}: '${named}' names ${
          matches.length
        } services on ${entityRef} (${describe(matches)}); use the id`,
      );
    }
    return matches[0];
  }
  const active = services.filter(s => s.lifecycle !== 'retired');
  if (active.length > 1) {
    throw new InputError(
      `${field}: required, ${entityRef} has ${
        active.length
      } services (${describe(active)})`,
    );
  }
  return active[0] ?? null;
}
