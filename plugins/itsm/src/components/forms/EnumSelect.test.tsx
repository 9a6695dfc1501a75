import { useState } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EnumSelect } from './EnumSelect';

const LEVELS = [1, 2, 3] as const;
type Level = (typeof LEVELS)[number];

function LevelField(props: { onChange: (level: Level) => void }) {
  const [level, setLevel] = useState<Level>(2);
  return (
    <EnumSelect
      id="level"
      label="Level"
      options={LEVELS}
      value={level}
      optionLabel={l => `Level ${l}`}
      onChange={l => {
        setLevel(l);
        props.onChange(l);
      }}
      helperText="Pick one"
    />
  );
}

describe('EnumSelect', () => {
  it('offers every option with its label and hands back the option itself', async () => {
    const onChange = jest.fn();
    render(<LevelField onChange={onChange} />);
    expect(screen.getByText('Pick one')).toBeInTheDocument();
    await userEvent.click(screen.getByLabelText('Level'));
    const options = await screen.findAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      'Level 1',
      'Level 2',
      'Level 3',
    ]);
    await userEvent.click(screen.getByRole('option', { name: 'Level 3' }));
    expect(onChange).toHaveBeenCalledWith(3);
    expect(screen.getByLabelText('Level')).toHaveTextContent('Level 3');
  });
});
