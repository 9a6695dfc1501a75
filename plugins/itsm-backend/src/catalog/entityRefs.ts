import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/** Width of the entity ref columns (`*_ref`, `entity_ref`, `created_by`, …) in the migrations. */
export const MAX_REF_LENGTH = 300;

/**
 * Normalizes an entity ref to the full lower-case form `kind:namespace/name`, which is how refs
 * are stored and compared. A bare name means a component in the default namespace.
 */
export function normalizeEntityRef(
  ref: string,
  field: string,
  defaultKind = 'component',
): string {
  let normalized: string;
  try {
    normalized = stringifyEntityRef(
      parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
    ).toLocaleLowerCase('en-US');
  } catch (e) {
    throw new InputError(
      `${field}: '${ref}' is not a valid entity ref (${(e as Error).message})`,
    );
  }
  // The schema bounds what the client sends; a short ref grows by its default kind and
  // namespace, and the stored form has to fit the ref columns.
  if (normalized.length > MAX_REF_LENGTH) {
    throw new InputError(
      `${field}: the entity ref '${normalized.slice(
        0,
        40,
      )}…' is longer than ${MAX_REF_LENGTH} characters in its full form kind:namespace/name`,
    );
  }
  return normalized;
}
