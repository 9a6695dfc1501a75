import { Header, Page, TabbedLayout } from '@backstage/core-components';
import { useItsmTranslation } from '../shared';
import { ServicesView } from './ServicesView';

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
      </TabbedLayout>
    </Page>
  );
}
