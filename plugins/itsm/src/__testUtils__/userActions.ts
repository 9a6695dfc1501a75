import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

/**
 * Picks `option` in the select or autocomplete labelled `label`: opens it, then clicks the
 * option (its list is rendered in a popover, so it is looked up on the whole screen). The field
 * is looked up in `scope`, e.g. `within(dialog)`; by default on the whole screen.
 */
export async function chooseOption(
  label: string | RegExp,
  option: string | RegExp,
  scope: Pick<typeof screen, 'getByLabelText'> = screen,
) {
  await userEvent.click(scope.getByLabelText(label));
  await userEvent.click(await screen.findByRole('option', { name: option }));
}
