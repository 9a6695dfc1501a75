import { ElementType } from 'react';
import { ListItemText, ListItemTextProps, makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  // Backstage's theme keeps list item text on one line and clips it; conflict messages and
  // risk reasons are sentences and must be read whole.
  root: { whiteSpace: 'normal', overflow: 'visible' },
});

/** A `ListItemText` whose text wraps instead of being clipped. */
export function WrappingListItemText(
  props: ListItemTextProps<ElementType, ElementType>,
) {
  const classes = useStyles();
  return (
    <ListItemText
      {...props}
      classes={{ ...props.classes, root: classes.root }}
    />
  );
}
