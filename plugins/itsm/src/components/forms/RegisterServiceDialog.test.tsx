import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { rest } from 'msw';
import type {
  CreateServiceRequest,
  Service,
} from '@backstage-itsm/plugin-itsm-common';
import { RegisterServiceDialog, ownerRefOf } from './RegisterServiceDialog';
import { renderItsm } from '../../__testUtils__/render';
import { chooseOption } from '../../__testUtils__/userActions';
import {
  answerError,
  recordWrites,
  setupItsmServer,
} from '../../__testUtils__/handlers';
import {
  BASE_URL,
  componentEntity,
  page,
  service,
  sla,
} from '../../__testUtils__/fixtures';

describe('ownerRefOf', () => {
  it('turns spec.owner into a full group ref', () => {
    expect(ownerRefOf(componentEntity)).toBe('group:default/payments-team');
    expect(
      ownerRefOf({ ...componentEntity, spec: { owner: 'user:jane' } }),
    ).toBe('user:default/jane');
    expect(ownerRefOf(undefined)).toBe('');
  });
});

/** The dialog for the current entity {@link componentEntity}, as its page opens it. */
function renderDialog(onCreated: (service: Service) => void = jest.fn()) {
  return renderItsm(
    <RegisterServiceDialog
      open
      entity={componentEntity}
      onClose={jest.fn()}
      onCreated={onCreated}
    />,
  );
}

describe('RegisterServiceDialog', () => {
  const server = setupItsmServer();
  /** Records the services the dialog posts; each is answered with {@link service}. */
  const recordCreated = () =>
    recordWrites<CreateServiceRequest>(server, 'post', '/services', service);

  beforeEach(() =>
    server.use(
      rest.get(`${BASE_URL}/slas`, (_req, res, ctx) =>
        res(ctx.json(page([sla]))),
      ),
    ),
  );

  it('registers the current entity with owner from spec.owner and a chosen SLA', async () => {
    const bodies = recordCreated();
    const onCreated = jest.fn();
    await renderDialog(onCreated);
    expect(screen.getByLabelText('Catalog entity')).toHaveValue(
      'component:default/payments-api',
    );
    expect(screen.getByLabelText('Owner (group)')).toHaveValue(
      'group:default/payments-team',
    );
    expect(screen.getByLabelText(/Service name/)).toHaveValue('payments-api');

    await chooseOption('SLA', 'Gold (99.9 %)');
    await chooseOption('Criticality', '1 – mission critical');
    await userEvent.click(screen.getByRole('button', { name: 'Register' }));

    await waitFor(() => expect(onCreated).toHaveBeenCalledWith(service));
    expect(bodies[0]).toMatchObject({
      entityRef: 'component:default/payments-api',
      name: 'payments-api',
      ownerRef: 'group:default/payments-team',
      criticality: 1,
      slaId: 'sla-gold',
      category: 'application',
      lifecycle: 'live',
    });
  });

  it('picks the entity from the catalog when there is no current entity', async () => {
    const bodies = recordCreated();
    await renderItsm(
      <RegisterServiceDialog open onClose={jest.fn()} onCreated={jest.fn()} />,
      { catalogEntities: [componentEntity] },
    );
    await chooseOption(/Catalog entity/, /payments-api/);
    expect(screen.getByLabelText('Owner (group)')).toHaveValue(
      'group:default/payments-team',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Register' }));
    await waitFor(() => expect(bodies).toHaveLength(1));
    expect(bodies[0].entityRef).toBe('component:default/payments-api');
  });

  it('shows a 400 next to the named field', async () => {
    answerError(
      server,
      'post',
      '/services',
      'InputError',
      'ownerRef: must be a group or user entity ref',
      400,
    );
    await renderDialog();
    await userEvent.click(screen.getByRole('button', { name: 'Register' }));
    const owner = screen.getByLabelText('Owner (group)');
    await waitFor(() => expect(owner).toHaveAttribute('aria-invalid', 'true'));
    expect(owner).toHaveAccessibleDescription(
      'ownerRef: must be a group or user entity ref',
    );
  });
});
