import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import {
  ItsmSearchResultListItem,
  isItsmSearchResult,
} from './ItsmSearchResultListItem';

const incident = {
  title: 'INC-1042 · Checkout errors',
  text: 'INC-1042\n\nResolution: the connection pool was exhausted',
  location: '/catalog/default/component/checkout-service/itsm?incident=abc',
  recordType: 'incident',
  number: 'INC-1042',
  state: 'in_progress',
  priority: 'P1',
  entityRef: 'component:default/checkout-service',
};

describe('ItsmSearchResultListItem', () => {
  it('renders title link, text and chips', async () => {
    await renderInTestApp(<ItsmSearchResultListItem result={incident} />);
    const link = screen.getByRole('link', {
      name: 'INC-1042 · Checkout errors',
    });
    expect(link).toHaveAttribute('href', incident.location);
    expect(
      screen.getByText(/the connection pool was exhausted/),
    ).toBeInTheDocument();
    expect(screen.getByText('Incident')).toBeInTheDocument();
    expect(screen.getByText('In progress')).toBeInTheDocument();
    expect(screen.getByText('P1')).toBeInTheDocument();
    expect(
      screen.getByText('component:default/checkout-service'),
    ).toBeInTheDocument();
  });

  it('renders highlights and service criticality', async () => {
    await renderInTestApp(
      <ItsmSearchResultListItem
        result={{
          ...incident,
          recordType: 'service',
          priority: '1',
          title: 'Checkout',
        }}
        highlight={{
          preTag: '<b>',
          postTag: '</b>',
          fields: { title: '<b>Checkout</b> service' },
        }}
      />,
    );
    expect(screen.getByText('Checkout')).toBeInTheDocument();
    expect(
      screen.getByText('Criticality: 1 – mission critical'),
    ).toBeInTheDocument();
  });

  it("translates a change's state and risk, and keeps values it does not know", async () => {
    await renderInTestApp(
      <ItsmSearchResultListItem
        result={{
          ...incident,
          recordType: 'change',
          state: 'authorize',
          priority: 'high',
          title: 'CHG-1',
        }}
      />,
    );
    expect(screen.getByText('Change')).toBeInTheDocument();
    expect(screen.getByText('Authorize')).toBeInTheDocument();
    expect(screen.getByText('High risk')).toBeInTheDocument();
    await renderInTestApp(
      <ItsmSearchResultListItem
        result={{
          ...incident,
          recordType: 'problem',
          state: 'brand_new_state',
          priority: '',
          title: 'PRB-1',
        }}
      />,
    );
    expect(screen.getByText('brand new state')).toBeInTheDocument();
  });

  it('renders nothing without a result', async () => {
    await renderInTestApp(<ItsmSearchResultListItem />);
    expect(screen.queryByTestId('itsm-search-result')).toBeNull();
  });

  it('recognises ITSM result types', () => {
    expect(isItsmSearchResult({ type: 'itsm-incident' })).toBe(true);
    expect(isItsmSearchResult({ type: 'software-catalog' })).toBe(false);
  });
});
