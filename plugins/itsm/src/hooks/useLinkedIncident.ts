import { useApi } from '@backstage/core-plugin-api';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import type { Incident } from '@backstage-itsm/plugin-itsm-common';
import { itsmApiRef } from '../api';

/**
 * The incident number a deep link points at: `?incident=INC-1042` (notifications) or
 * `?incident=<id>` (search results). `undefined` without a link, or when the incident is
 * unknown or not visible to the user.
 */
export function useLinkedIncidentNumber(
  openIncidents?: Incident[],
): string | undefined {
  const [params] = useSearchParams();
  const param = params.get('incident') ?? undefined;
  const api = useApi(itsmApiRef);
  const { value } = useAsync(async () => {
    if (!param) return undefined;
    if (/^INC-\d+$/.test(param)) return param;
    if (!openIncidents) return undefined; // wait for the summary: the incident may be open
    const open = openIncidents.find(i => i.id === param);
    if (open) return open.number;
    try {
      return (await api.getIncident(param)).number;
    } catch {
      return undefined; // a stale or foreign link: show the tab without a highlight
    }
  }, [api, param, openIncidents === undefined]);
  return value;
}
