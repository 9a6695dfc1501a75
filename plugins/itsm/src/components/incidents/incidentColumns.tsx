import { TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { Incident } from '@backstage-itsm/plugin-itsm-common';
import type { ItsmTranslate } from '../../hooks';
import { PriorityChip } from '../shared';

/**
 * The columns every incident table starts with: number, title, priority, state and
 * assignee. Each table appends its own (support level and opened, or the SLA countdown and
 * actions).
 */
export function incidentColumns(t: ItsmTranslate): TableColumn<Incident>[] {
  return [
    { title: t('incidentTable.number'), field: 'number', width: '110px' },
    { title: t('incidentTable.title'), field: 'title' },
    {
      title: t('incidentTable.priority'),
      field: 'priority',
      render: row => <PriorityChip priority={row.priority} />,
    },
    {
      title: t('incidentTable.state'),
      field: 'state',
      render: row => t(`incidentState.${row.state}`),
    },
    {
      title: t('incidentTable.assignee'),
      field: 'assigneeRef',
      render: row =>
        row.assigneeRef ? (
          <EntityRefLink entityRef={row.assigneeRef} defaultKind="user" />
        ) : (
          t('common.unassigned')
        ),
    },
  ];
}
