import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Divider from '@material-ui/core/Divider';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import { Link } from '@backstage/core-components';
import { HighlightedSearchResultText } from '@backstage/plugin-search-react';
import {
  CHANGE_STATES,
  ChangeState,
  INCIDENT_STATES,
  IncidentState,
  PROBLEM_STATES,
  ProblemState,
  RISK_LEVELS,
  RiskLevel,
  SERVICE_LIFECYCLES,
  ServiceLifecycle,
} from '@backstage-itsm/plugin-itsm-common';
import { ItsmMessageKey, ItsmTranslate, useItsmTranslation } from '../../hooks';

/** The document types indexed by the ITSM search collators of the backend. @public */
export const ITSM_SEARCH_RESULT_TYPES = [
  'itsm-service',
  'itsm-incident',
  'itsm-problem',
  'itsm-change',
] as const;

/** The fields of an ITSM search document (see itsm-backend `ItsmSearchDocument`). @public */
export interface ItsmSearchDocumentFields {
  title: string;
  text: string;
  location: string;
  recordType?: 'service' | 'incident' | 'problem' | 'change';
  number?: string;
  state?: string;
  priority?: string;
  entityRef?: string;
}

/** Result highlight as the search API sends it. @public */
export interface ItsmSearchResultHighlight {
  preTag: string;
  postTag: string;
  fields: Record<string, string>;
}

/** @public */
export interface ItsmSearchResultListItemProps {
  icon?: ReactNode;
  result?: ItsmSearchDocumentFields | { [key: string]: unknown };
  highlight?: ItsmSearchResultHighlight;
  rank?: number;
  lineClamp?: number;
}

const RECORD_TYPE_LABELS: Record<
  NonNullable<ItsmSearchDocumentFields['recordType']>,
  ItsmMessageKey
> = {
  service: 'search.type.service',
  incident: 'search.type.incident',
  problem: 'search.type.problem',
  change: 'search.type.change',
};

/**
 * The chips of a result in the user's language: type, state (a service's lifecycle), priority
 * (a service's criticality, a change's risk) and entity. Values the plugin does not know (a
 * newer backend) are shown as they are.
 */
function searchResultChips(
  result: ItsmSearchDocumentFields,
  t: ItsmTranslate,
): string[] {
  const type = result.recordType;
  const known = (values: readonly string[], value: string) =>
    values.includes(value);
  let state = result.state?.replace(/_/g, ' ');
  if (
    result.state &&
    type === 'incident' &&
    known(INCIDENT_STATES, result.state)
  ) {
    state = t(`incidentState.${result.state as IncidentState}`);
  } else if (
    result.state &&
    type === 'problem' &&
    known(PROBLEM_STATES, result.state)
  ) {
    state = t(`problemState.${result.state as ProblemState}`);
  } else if (
    result.state &&
    type === 'change' &&
    known(CHANGE_STATES, result.state)
  ) {
    state = t(`changeState.${result.state as ChangeState}`);
  } else if (
    result.state &&
    type === 'service' &&
    known(SERVICE_LIFECYCLES, result.state)
  ) {
    state = t(`lifecycle.${result.state as ServiceLifecycle}`);
  }
  let priority = result.priority;
  if (
    result.priority &&
    type === 'service' &&
    known(['1', '2', '3', '4'], result.priority)
  ) {
    priority = `${t('criticality.label')}: ${t(
      `criticality.${result.priority as '1'}`,
    )}`;
  } else if (
    result.priority &&
    type === 'change' &&
    known(RISK_LEVELS, result.priority)
  ) {
    priority = t(`risk.${result.priority as RiskLevel}`);
  }
  return [
    type ? t(RECORD_TYPE_LABELS[type]) : undefined,
    state,
    priority,
    result.entityRef,
  ].filter((c): c is string => Boolean(c));
}

/** Whether a search result comes from the ITSM collators. @public */
export function isItsmSearchResult(result: { type: string }): boolean {
  return (ITSM_SEARCH_RESULT_TYPES as readonly string[]).includes(result.type);
}

/**
 * A search result row of an ITSM service, incident, problem or change: the title (with the
 * record number), the matching text and chips for type, state, priority and entity.
 *
 * @public
 */
export function ItsmSearchResultListItem(props: ItsmSearchResultListItemProps) {
  const { t } = useItsmTranslation();
  const result = props.result as ItsmSearchDocumentFields | undefined;
  if (!result) return null;
  const { highlight } = props;
  const lineClamp = props.lineClamp ?? 3;

  // A field with search highlights shows them; otherwise its plain text.
  const highlighted = (field: 'title' | 'text') => {
    const marked = highlight?.fields[field];
    return highlight && marked ? (
      <HighlightedSearchResultText
        text={marked}
        preTag={highlight.preTag}
        postTag={highlight.postTag}
      />
    ) : (
      result[field]
    );
  };
  const title = highlighted('title');
  const text = highlighted('text');

  const chips = searchResultChips(result, t);

  return (
    <>
      <ListItem alignItems="flex-start" data-testid="itsm-search-result">
        {props.icon && <ListItemIcon>{props.icon}</ListItemIcon>}
        <Box flexWrap="wrap" width="100%">
          <ListItemText
            primaryTypographyProps={{ variant: 'h6' }}
            primary={<Link to={result.location}>{title}</Link>}
            secondary={
              <span
                style={{
                  display: '-webkit-box',
                  WebkitBoxOrient: 'vertical',
                  WebkitLineClamp: lineClamp,
                  overflow: 'hidden',
                }}
              >
                {text}
              </span>
            }
          />
          <Box>
            {chips.map(chip => (
              <Chip key={chip} label={chip} size="small" />
            ))}
          </Box>
        </Box>
      </ListItem>
      <Divider component="li" />
    </>
  );
}
