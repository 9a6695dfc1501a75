import {
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { SERVICE_ENTITY_KINDS } from '@backstage-itsm/plugin-itsm-common';
import { normalizeEntityRef } from './entityRefs';

/** What the ITSM plugin needs from the catalog, with the caller's credentials. */
export class CatalogGateway {
  constructor(
    private readonly catalog: CatalogService,
    /** The signed-in user's ownership claims (the sign-in resolver's); the catalog's memberOf when absent. */
    private readonly userInfo?: UserInfoService,
  ) {}

  async getEntity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity | undefined> {
    return this.catalog.getEntityByRef(entityRef, { credentials });
  }

  /** The entity, or a 404 naming the field that referenced it. */
  /**
   * Normalized, de-duplicated refs of catalog entities that can hold a service (component,
   * system, resource) and that the caller can see; the first bad one fails as `entityRefs[i]`.
   */
  async requireServiceEntities(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    const normalized = [
      ...new Set(refs.map((r, i) => normalizeEntityRef(r, `entityRefs[${i}]`))),
    ];
    for (const [i, ref] of normalized.entries()) {
      await this.requireEntity(
        ref,
        `entityRefs[${i}]`,
        credentials,
        SERVICE_ENTITY_KINDS,
      );
    }
    return normalized;
  }

  async requireEntity(
    entityRef: string,
    field: string,
    credentials: BackstageCredentials,
    kinds?: readonly string[],
  ): Promise<Entity> {
    const entity = await this.getEntity(entityRef, credentials);
    if (!entity) {
      throw new NotFoundError(
        `${field}: no entity '${entityRef}' in the catalog`,
      );
    }
    // Catalog kinds match in any letter case (the catalog's own filters do the same).
    const wanted = kinds?.map(k => k.toLocaleLowerCase('en-US'));
    if (wanted && !wanted.includes(entity.kind.toLocaleLowerCase('en-US'))) {
      throw new InputError(
        `${field}: '${entityRef}' is a ${
          entity.kind
        }; expected one of ${wanted.join(', ')}`,
      );
    }
    return entity;
  }

  /** `spec.owner` of the entity as a full group ref (kind defaults to group). */
  ownerOf(entity: Entity): string | undefined {
    const owner = entity.spec?.owner;
    if (typeof owner !== 'string' || !owner) return undefined;
    const relation = entity.relations?.find(r => r.type === 'ownedBy');
    if (relation) return relation.targetRef.toLocaleLowerCase('en-US');
    const hasKind = owner.includes(':');
    const withKind = hasKind ? owner : `group:${owner}`;
    const withNs = withKind.includes('/')
      ? withKind
      : withKind.replace(':', ':default/');
    return withNs.toLocaleLowerCase('en-US');
  }

  /** dependsOn / dependencyOf relation targets of each entity (one hop). */
  async relationsOf(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<Record<string, { dependsOn: string[]; dependencyOf: string[] }>> {
    const result: Record<
      string,
      { dependsOn: string[]; dependencyOf: string[] }
    > = {};
    if (entityRefs.length === 0) return result;
    const { items } = await this.catalog.getEntitiesByRefs(
      {
        entityRefs,
        fields: ['kind', 'metadata.name', 'metadata.namespace', 'relations'],
      },
      { credentials },
    );
    for (const entity of items) {
      if (!entity) continue;
      const ref = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
      result[ref] = {
        dependsOn: (entity.relations ?? [])
          .filter(r => r.type === 'dependsOn')
          .map(r => r.targetRef.toLocaleLowerCase('en-US')),
        dependencyOf: (entity.relations ?? [])
          .filter(r => r.type === 'dependencyOf')
          .map(r => r.targetRef.toLocaleLowerCase('en-US')),
      };
    }
    return result;
  }

  /** User refs that are members of the group (from the group's hasMember relations). */
  async groupMembers(
    groupRef: string,
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    const group = await this.getEntity(groupRef, credentials);
    return (group?.relations ?? [])
      .filter(r => r.type === 'hasMember')
      .map(r => r.targetRef.toLocaleLowerCase('en-US'));
  }

  /**
   * The entity refs the caller owns through (lower case): the user itself, the ownership claims
   * of their sign-in, and the groups the catalog lists them as a member of. Nothing for service
   * principals: they own no entities.
   */
  async ownershipClaims(credentials: BackstageCredentials): Promise<string[]> {
    const principal = credentials.principal as {
      type?: string;
      userEntityRef?: string;
    };
    if (principal?.type !== 'user' || !principal.userEntityRef) return [];
    const userRef = principal.userEntityRef.toLocaleLowerCase('en-US');
    const fromSignIn = this.userInfo
      ? (await this.userInfo.getUserInfo(credentials)).ownershipEntityRefs
      : [];
    const groups = await this.groupsOf(userRef, credentials);
    return [
      ...new Set([
        userRef,
        ...fromSignIn.map(r => r.toLocaleLowerCase('en-US')),
        ...groups,
      ]),
    ];
  }

  /** Group refs a user belongs to (from the user's memberOf relations). */
  async groupsOf(
    userRef: string,
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    if (!userRef.startsWith('user:')) return [];
    const user = await this.getEntity(userRef, credentials);
    return (user?.relations ?? [])
      .filter(r => r.type === 'memberOf')
      .map(r => r.targetRef.toLocaleLowerCase('en-US'));
  }
}
