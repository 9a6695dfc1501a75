import { InfoCard } from '@backstage/core-components';
import { Box, Chip, List, ListItem, Typography } from '@material-ui/core';
import type { Problem } from '@backstage-itsm/plugin-itsm-common';
import { useItsmTranslation } from '../../hooks';
import { WrappingListItemText } from '../shared';

/** Open problems of the entity with root cause and known-error workaround. */
export function ProblemsCard(props: { problems: Problem[] }) {
  const { t } = useItsmTranslation();
  return (
    <InfoCard title={t('problems.title')}>
      {props.problems.length === 0 ? (
        <Typography>{t('problems.empty')}</Typography>
      ) : (
        <List dense disablePadding>
          {props.problems.map(problem => (
            <ListItem
              key={problem.id}
              divider
              alignItems="flex-start"
              disableGutters
            >
              <WrappingListItemText
                primary={
                  <Box display="flex" alignItems="center" style={{ gap: 8 }}>
                    <Typography variant="body1" component="span">
                      {problem.number} · {problem.title}
                    </Typography>
                    <Chip
                      size="small"
                      variant="outlined"
                      label={t(`problemState.${problem.state}`)}
                    />
                  </Box>
                }
                secondaryTypographyProps={{ component: 'div' }}
                secondary={
                  <>
                    {problem.rootCause && (
                      <Typography variant="body2" component="div">
                        {t('problems.rootCause')}: {problem.rootCause}
                      </Typography>
                    )}
                    {problem.knownError?.workaround && (
                      <Typography variant="body2" component="div">
                        {t('problems.workaround')}:{' '}
                        {problem.knownError.workaround}
                      </Typography>
                    )}
                    <Typography variant="caption" component="div">
                      {t('problems.incidents', {
                        linked: String(problem.incidentIds.length),
                      })}
                    </Typography>
                  </>
                }
              />
            </ListItem>
          ))}
        </List>
      )}
    </InfoCard>
  );
}
