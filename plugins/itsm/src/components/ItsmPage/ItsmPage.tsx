import { Header, Page, TabbedLayout } from '@backstage/core-components';
import { useItsmTranslation } from '../../hooks';
import { ServicesView } from './services/ServicesView';
import { IncidentsView } from './incidents/IncidentsView';
import { ChangeCalendarView } from './calendar/ChangeCalendarView';
import { CabQueueView } from './cab/CabQueueView';
import { ReportsView } from './reports/ReportsView';

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
