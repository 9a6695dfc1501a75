import { Header, Page, TabbedLayout } from '@backstage/core-components';
import { useItsmTranslation } from '../shared';
import { ServicesView } from './ServicesView';
import { IncidentsView } from './IncidentsView';
import { ChangeCalendarView } from './ChangeCalendarView';
import { CabQueueView } from './CabQueueView';
import { ReportsView } from './ReportsView';

/**
 * The ITSM portal page (legacy frontend system): services, incidents, change calendar,
 * CAB queue and reports as tabs.
 *
 * @public
 */
export function ItsmPage() {
  const { t } = useItsmTranslation();
  return (
    <Page themeId="tool">
      <Header title={t('page.title')} subtitle={t('page.subtitle')} />
      <TabbedLayout>
        <TabbedLayout.Route path="/services" title={t('page.tabs.services')}>
          <ServicesView />
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/incidents" title={t('page.tabs.incidents')}>
          <IncidentsView />
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/calendar" title={t('page.tabs.calendar')}>
          <ChangeCalendarView />
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/cab" title={t('page.tabs.cab')}>
          <CabQueueView />
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/reports" title={t('page.tabs.reports')}>
          <ReportsView />
        </TabbedLayout.Route>
      </TabbedLayout>
    </Page>
  );
}
