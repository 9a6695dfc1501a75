import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Divider from '@material-ui/core/Divider';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import { Link } from '@backstage/core-components';
import { HighlightedSearchResultText } from '@backstage/plugin-search-react';

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

const TYPE_LABELS: Record<string, string> = {
  service: 'Service',
  incident: 'Incident',
  problem: 'Problem',
  change: 'Change',
};

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
  const result = props.result as ItsmSearchDocumentFields | undefined;
  if (!result) return null;
  const { highlight } = props;
  const lineClamp = props.lineClamp ?? 3;

  const title = highlight?.fields.title ? (
    <HighlightedSearchResultText
      text={highlight.fields.title}
      preTag={highlight.preTag}
      postTag={highlight.postTag}
    />
  ) : (
    result.title
  );
  const text = highlight?.fields.text ? (
    <HighlightedSearchResultText
      text={highlight.fields.text}
      preTag={highlight.preTag}
      postTag={highlight.postTag}
    />
  ) : (
    result.text
  );

  const chips = [
    result.recordType ? TYPE_LABELS[result.recordType] ?? result.recordType : undefined,
    result.state ? result.state.replace(/_/g, ' ') : undefined,
    result.priority
      ? result.recordType === 'service'
        ? `Criticality ${result.priority}`
        : result.recordType === 'change'
        ? `Risk ${result.priority}`
        : result.priority
      : undefined,
    result.entityRef || undefined,
  ].filter((c): c is string => Boolean(c));

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
