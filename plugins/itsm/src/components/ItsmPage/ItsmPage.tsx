import { Header, Page, TabbedLayout } from '@backstage/core-components';
import { useItsmTranslation } from '../../hooks';
import { ServicesView } from './services/ServicesView';
import { IncidentsView } from './incidents/IncidentsView';
import { ChangeCalendarView } from './calendar/ChangeCalendarView';
import { CabQueueView } from './cab/CabQueueView';
import { ReportsView } from './reports/ReportsView';

/** The page's tabs in order: each one's path segment and `page.tabs.` key, and its view. */
const TABS = [
  { name: 'services', View: ServicesView },
  { name: 'incidents', View: IncidentsView },
  { name: 'calendar', View: ChangeCalendarView },
  { name: 'cab', View: CabQueueView },
  { name: 'reports', View: ReportsView },
] as const;

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
        {TABS.map(({ name, View }) => (
          <TabbedLayout.Route
            key={name}
            path={`/${name}`}
            title={t(`page.tabs.${name}`)}
          >
            <View />
          </TabbedLayout.Route>
        ))}
      </TabbedLayout>
    </Page>
  );
}
