import { InputError, NotAllowedError } from '@backstage/errors';

/*
 * Who may attach a service to a catalog entity and who owns it. Pure: the caller passes the
 * catalog owners of the entities and the caller's ownership claims.
 *
 * The owner of a service decides who manages it and, through the services on their entities,
 * who manages incidents, problems and changes (the `isOwner` rule). So it must come from the
 * catalog: a service's owner is the catalog owner of its (first) entity unless an ITSM service
 * admin (`itsm.service.admin`) names another group, and only the owners of an entity (or an
 * admin) may put services on it.
 */

/** On whose authority a service is written. */
export type ServiceAuthority =
  /** A person or service principal: their ownership claims, and whether they hold itsm.service.admin. */
  | { kind: 'caller'; claims: string[]; isAdmin: boolean }
  /** The plugin itself (catalog sync, demo seed): the owner is always the entity's catalog owner. */
  | { kind: 'catalog' };

export interface OwnedEntity {
  /** The normalized entity ref. */
  ref: string;
  /** The field the ref came from, for messages (`entityRef`, `entityRefs[1]`). */
  field: string;
  /** Its catalog owner (spec.owner / ownedBy), lower case; undefined when it has none. */
  owner?: string;
}

const ADMIN_HINT = 'an ITSM service admin (itsm.service.admin)';

function ownsEntity(claims: Set<string>, entity: OwnedEntity) {
  return !!entity.owner && claims.has(entity.owner);
}

/** 403 unless the caller owns every entity (or is an admin, or it is the plugin itself). */
export function requireEntityOwnership(
  entities: OwnedEntity[],
  authority: ServiceAuthority,
): void {
  if (authority.kind === 'catalog' || authority.isAdmin) return;
  const claims = new Set(
    authority.claims.map(c => c.toLocaleLowerCase('en-US')),
  );
  for (const entity of entities) {
    if (!ownsEntity(claims, entity)) {
      throw new NotAllowedError(
        `${entity.field}: ${entity.ref} is owned by ${
          entity.owner ?? 'nobody'
        }, not by you; only its owners or ${ADMIN_HINT} may register services on it`,
      );
    }
  }
}

/**
 * The owner of a service on `entities` (the first is the primary one): the catalog owner of the
 * first entity; an admin may name any group instead. A non-admin naming another group gets 403.
 */
export function decideServiceOwner(
  entities: OwnedEntity[],
  requested: string | undefined,
  authority: ServiceAuthority,
): string {
  const catalogOwner = entities[0]?.owner;
  const mayName = authority.kind === 'caller' && authority.isAdmin;
  if (requested && requested !== catalogOwner && !mayName) {
    throw new NotAllowedError(
      `ownerRef: a service on ${
        entities[0].ref
      } is owned by its catalog owner ${
        catalogOwner ?? '(none)'
      }; only ${ADMIN_HINT} may name another owner group (${requested})`,
    );
  }
  const owner = requested ?? catalogOwner;
  if (!owner) {
    throw new InputError(
      `ownerRef: required, the entity ${entities[0]?.ref} has no spec.owner to default to`,
    );
  }
  return owner;
}
