import { darken, getContrastRatio, lighten } from '@material-ui/core/styles';

/** WCAG 2.1 AA for normal-size text. */
export const MIN_TEXT_CONTRAST = 4.5;

/**
 * A background (a palette colour, darkened or lightened as needed) and a text colour that
 * together reach WCAG AA contrast. MUI's `getContrastText` only aims at 3:1, which the
 * small chips here (12 px labels) fail: white on the theme's `error.main` is 3.7:1.
 * The hue stays, so P1 is still red; only its shade moves.
 */
export function accessibleFill(background: string): {
  backgroundColor: string;
  color: string;
} {
  const white = '#ffffff';
  const black = 'rgba(0, 0, 0, 0.87)';
  // Prefer white text on a (darkened) fill; light fills such as amber read better with black.
  if (
    getContrastRatio(background, '#000000') >=
    2 * getContrastRatio(background, white)
  ) {
    let fill = background;
    for (
      let i = 1;
      getContrastRatio(fill, '#000000') < MIN_TEXT_CONTRAST && i <= 10;
      i++
    ) {
      fill = lighten(background, i * 0.08);
    }
    return { backgroundColor: fill, color: black };
  }
  let fill = background;
  for (
    let i = 1;
    getContrastRatio(fill, white) < MIN_TEXT_CONTRAST && i <= 10;
    i++
  ) {
    fill = darken(background, i * 0.08);
  }
  return { backgroundColor: fill, color: white };
}

/**
 * A text colour of the given hue that reaches AA contrast on `background`: darkened on a light
 * background, lightened on a dark one (dark theme).
 */
export function accessibleText(color: string, background: string): string {
  const towardsBlack =
    getContrastRatio(background, '#000000') >
    getContrastRatio(background, '#ffffff');
  let text = color;
  for (
    let i = 1;
    getContrastRatio(text, background) < MIN_TEXT_CONTRAST && i <= 10;
    i++
  ) {
    text = towardsBlack ? darken(color, i * 0.08) : lighten(color, i * 0.08);
  }
  return text;
}
