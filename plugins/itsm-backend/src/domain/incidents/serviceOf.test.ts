import { Service } from '@backstage-itsm/plugin-itsm-common';
import { chooseIncidentService } from './serviceOf';

const service = (
  id: string,
  name: string,
  lifecycle: Service['lifecycle'] = 'live',
) => ({ id, name, lifecycle } as Service);
const E = 'component:default/checkout';

describe('chooseIncidentService', () => {
  it('takes the single active service, none without one, and refuses to guess between several', () => {
    expect(
      chooseIncidentService(E, [service('a', 'Checkout')], {
        field: 'serviceId',
      })?.id,
    ).toBe('a');
    expect(chooseIncidentService(E, [], { field: 'serviceId' })).toBeNull();
    expect(
      chooseIncidentService(
        E,
        [service('a', 'Checkout', 'retired'), service('b', 'Checkout v2')],
        { field: 'serviceId' },
      )?.id,
    ).toBe('b');
    expect(() =>
      chooseIncidentService(
        E,
        [service('a', '0 First'), service('b', 'Checkout')],
        { field: 'serviceId' },
      ),
    ).toThrow(
      'serviceId: required, component:default/checkout has 2 services (0 First (a), Checkout (b))',
    );
  });

  it('finds a named service by id, then by name (case-insensitive), naming the field when it cannot', () => {
    const services = [
      service('a', 'Checkout'),
      service('b', 'Checkout API'),
      service('c', 'Twin'),
      service('d', 'twin'),
    ];
    const pick = (named: string) =>
      chooseIncidentService(E, services, { named, field: 'labels.service' });
    expect(pick('b')?.id).toBe('b');
    expect(pick('checkout api')?.id).toBe('b');
    expect(() => pick('Ledger')).toThrow(
      "labels.service: no service 'Ledger' on component:default/checkout",
    );
    expect(() => pick('TWIN')).toThrow(
      /^labels\.service: 'TWIN' names 2 services on component:default\/checkout \(Twin \(c\), twin \(d\)\); use the id$/,
    );
  });
});
