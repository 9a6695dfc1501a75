/*
 * The standard change a CI/CD deployment becomes. Pure: no I/O.
 */

/** Width of the `title` column of changes (and of the title in the API). */
export const MAX_CHANGE_TITLE_LENGTH = 300;

/**
 * "Deploy <version or deployment id> of <entity name> to <environment>", cut to the title column
 * with an ellipsis: version (200), deployment id (200) and environment (100) are each within
 * their own bounds, but together they can be longer than a title may be. The full values stay
 * in the change's `deployment` record.
 */
export function deploymentTitle(event: {
  deploymentId: string;
  version?: string | null;
  environment?: string | null;
  entityRef: string;
}): string {
  const name = event.entityRef.split('/').pop();
  const title = `Deploy ${event.version || event.deploymentId} of ${name}${
    event.environment ? ` to ${event.environment}` : ''
  }`;
  if ([...title].length <= MAX_CHANGE_TITLE_LENGTH) return title;
  // Cut by code point, not UTF-16 unit, so no surrogate pair is split.
  return `${[...title].slice(0, MAX_CHANGE_TITLE_LENGTH - 1).join('')}…`;
}
