import { getContrastRatio } from '@material-ui/core/styles';
import { accessibleFill, accessibleText, MIN_TEXT_CONTRAST } from './contrast';

describe('accessibleFill', () => {
  it.each([
    ['#f44336', 'red (error.main)'],
    ['#2196f3', 'blue (info.main)'],
    ['#ff9800', 'orange (warning.main)'],
    ['#4caf50', 'green (success.main)'],
    ['#9e9e9e', 'grey 500'],
    ['#ffeb3b', 'yellow'],
    ['#1b5e20', 'dark green'],
  ])('reaches AA contrast on %s (%s)', background => {
    const { backgroundColor, color } = accessibleFill(background);
    // The black text colour is translucent; compare against solid black's worst case.
    const text = color.startsWith('rgba') ? '#212121' : color;
    expect(getContrastRatio(backgroundColor, text)).toBeGreaterThanOrEqual(
      MIN_TEXT_CONTRAST,
    );
  });

  it('keeps a colour that already has the contrast', () => {
    expect(accessibleFill('#1b5e20')).toEqual({
      backgroundColor: '#1b5e20',
      color: '#ffffff',
    });
  });

  it('darkens a light red instead of switching to black text', () => {
    const { backgroundColor, color } = accessibleFill('#f44336');
    expect(color).toBe('#ffffff');
    expect(backgroundColor).not.toBe('#f44336');
  });
});

describe('accessibleText', () => {
  it.each([
    ['#f44336', '#ffffff'],
    ['#ff9800', '#ffffff'],
    ['#f44336', '#424242'],
    ['#1565c0', '#303030'],
  ])('makes %s readable on %s', (color, background) => {
    expect(
      getContrastRatio(accessibleText(color, background), background),
    ).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
  });

  it('keeps a colour that is already readable', () => {
    expect(accessibleText('#b71c1c', '#ffffff')).toBe('#b71c1c');
  });
});
