/**
 * Kinds of catalog entities that can be ITSM services (and get the ITSM tab and card), as the
 * catalog spells them. Catalog filters match kinds case-insensitively.
 * @public
 */
export const SERVICE_ENTITY_KINDS: readonly string[] = [
  'Component',
  'System',
  'Resource',
];

/** Whether an entity kind can be an ITSM service, in any letter case. @public */
export function isServiceEntityKind(kind: string | undefined): boolean {
  const lower = (kind ?? '').toLocaleLowerCase('en-US');
  return SERVICE_ENTITY_KINDS.some(k => k.toLocaleLowerCase('en-US') === lower);
}
