import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { rest } from 'msw';
import type {
  CreateIncidentRequest,
  Incident,
} from '@backstage-itsm/plugin-itsm-common';
import { OpenIncidentDialog } from './OpenIncidentDialog';
import { renderItsm } from '../../__testUtils__/render';
import { chooseOption } from '../../__testUtils__/userActions';
import {
  answerError,
  recordWrites,
  setupItsmServer,
} from '../../__testUtils__/handlers';
import {
  BASE_URL,
  ENTITY_REF,
  incidentP1,
  page,
  service,
} from '../../__testUtils__/fixtures';

/** The dialog for the entity {@link ENTITY_REF}, as its page opens it. */
function renderDialog(onCreated: (incident: Incident) => void = jest.fn()) {
  return renderItsm(
    <OpenIncidentDialog
      open
      entityRef={ENTITY_REF}
      onClose={jest.fn()}
      onCreated={onCreated}
    />,
  );
}

describe('OpenIncidentDialog', () => {
  const server = setupItsmServer();
  /** Records the incidents the dialog posts; each is answered with {@link incidentP1}. */
  const recordCreated = () =>
    recordWrites<CreateIncidentRequest>(
      server,
      'post',
      '/incidents',
      incidentP1,
    );
  // The dialog looks up the entity's services (one here: nothing to choose).
  beforeEach(() =>
    server.use(
      rest.get(`${BASE_URL}/services`, (_req, res, ctx) =>
        res(ctx.json(page([service]))),
      ),
    ),
  );

  it('shows the resulting priority live while impact and urgency change', async () => {
    await renderDialog();
    const priority = () => screen.getByTestId('itsm-incident-priority');
    expect(priority()).toHaveTextContent('P3'); // 2 × 2
    await chooseOption(/Impact/, '1 – high');
    expect(priority()).toHaveTextContent('P2');
    await chooseOption(/Urgency/, '1 – high');
    expect(priority()).toHaveTextContent('P1');
    await chooseOption(/Impact/, '3 – low');
    await chooseOption(/Urgency/, '3 – low');
    expect(priority()).toHaveTextContent('P4');
  });

  it('creates the incident', async () => {
    const bodies = recordCreated();
    const onCreated = jest.fn();
    await renderDialog(onCreated);
    const submit = screen.getByRole('button', { name: 'Open incident' });
    expect(submit).toBeDisabled();
    await userEvent.type(screen.getByLabelText(/Title/), 'Checkout down');
    await userEvent.type(
      screen.getByLabelText(/Description/),
      '502 everywhere',
    );
    await chooseOption(/Impact/, '1 – high');
    await chooseOption(/Urgency/, '1 – high');
    await userEvent.click(submit);
    await waitFor(() => expect(onCreated).toHaveBeenCalledWith(incidentP1));
    expect(bodies[0]).toEqual({
      title: 'Checkout down',
      description: '502 everywhere',
      impact: 1,
      urgency: 1,
      entityRef: ENTITY_REF,
      assigneeRef: null,
      source: 'portal',
    });
  });

  it('shows validation messages of the API next to the field', async () => {
    answerError(
      server,
      'post',
      '/incidents',
      'InputError',
      '/body/title must NOT have fewer than 3 characters',
      400,
    );
    await renderDialog();
    await userEvent.type(screen.getByLabelText(/Title/), 'x');
    await userEvent.click(
      screen.getByRole('button', { name: 'Open incident' }),
    );
    const title = screen.getByLabelText(/Title/);
    await waitFor(() => expect(title).toHaveAttribute('aria-invalid', 'true'));
    expect(title).toHaveAccessibleDescription(
      'title must NOT have fewer than 3 characters',
    );
    expect(screen.getByLabelText(/Description/)).toHaveAttribute(
      'aria-invalid',
      'false',
    );
  });

  it('shows other API errors above the form', async () => {
    answerError(
      server,
      'post',
      '/incidents',
      'NotFoundError',
      'No service for component:default/x',
      404,
    );
    await renderDialog();
    await userEvent.type(screen.getByLabelText(/Title/), 'Broken');
    await userEvent.click(
      screen.getByRole('button', { name: 'Open incident' }),
    );
    expect(
      within(await screen.findByRole('alert')).getByText(
        /No service for component:default\/x/,
      ),
    ).toBeInTheDocument();
  });

  it('asks which service when the entity has several active ones, and sends it', async () => {
    const api = { ...service, id: 'svc-api', name: 'Payments API' };
    const batch = { ...service, id: 'svc-batch', name: 'Payments batch' };
    const retired = {
      ...service,
      id: 'svc-old',
      name: 'Payments legacy',
      lifecycle: 'retired' as const,
    };
    const asked: string[] = [];
    const bodies: CreateIncidentRequest[] = [];
    server.use(
      rest.get(`${BASE_URL}/services`, (req, res, ctx) => {
        asked.push(req.url.searchParams.get('entityRef') ?? '');
        return res(ctx.json(page([api, batch, retired])));
      }),
      rest.post(`${BASE_URL}/incidents`, async (req, res, ctx) => {
        bodies.push(await req.json());
        return res(ctx.status(201), ctx.json(incidentP1));
      }),
    );
    const onCreated = jest.fn();
    await renderDialog(onCreated);
    await userEvent.type(screen.getByLabelText(/Title/), 'Settlement stuck');
    const submit = screen.getByRole('button', { name: 'Open incident' });
    await waitFor(() =>
      expect(screen.getByLabelText(/Service/)).toBeInTheDocument(),
    );
    expect(asked).toEqual([ENTITY_REF]);
    expect(submit).toBeDisabled();
    await userEvent.click(screen.getByLabelText(/Service/));
    expect(screen.getAllByRole('option').map(o => o.textContent)).toEqual([
      'Payments API',
      'Payments batch',
    ]);
    await userEvent.click(
      screen.getByRole('option', { name: 'Payments batch' }),
    );
    await userEvent.click(submit);
    await waitFor(() => expect(onCreated).toHaveBeenCalledWith(incidentP1));
    expect(bodies[0]).toMatchObject({
      entityRef: ENTITY_REF,
      serviceId: 'svc-batch',
      title: 'Settlement stuck',
    });
  });

  it('asks nothing when the entity has one service (the API takes it)', async () => {
    const bodies = recordCreated();
    const onCreated = jest.fn();
    await renderDialog(onCreated);
    await userEvent.type(screen.getByLabelText(/Title/), 'Checkout down');
    await userEvent.click(
      screen.getByRole('button', { name: 'Open incident' }),
    );
    await waitFor(() => expect(onCreated).toHaveBeenCalled());
    expect(screen.queryByLabelText(/Service/)).not.toBeInTheDocument();
    expect(bodies[0]).not.toHaveProperty('serviceId');
  });
});
