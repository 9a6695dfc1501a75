import { parseEntityRef } from '@backstage/catalog-model';

/** `kind:namespace/name` → `/catalog/namespace/kind/name/itsm` (the entity's ITSM tab). */
export function entityItsmLink(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(name)}/itsm`;
}
