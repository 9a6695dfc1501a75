import { useState } from 'react';

/**
 * Shown above the portal when a dynamic plugin failed to load, so the failure is visible instead
 * of a silently missing tab. Plain elements: the theme may itself come from a failed plugin.
 */
export function DynamicFeaturesErrorBanner(props: { errors: string[] }) {
  const [open, setOpen] = useState(true);
  if (!open) {
    return null;
  }
  return (
    <div
      role="alert"
      style={{
        position: 'fixed',
        bottom: 16,
        right: 16,
        zIndex: 2000,
        maxWidth: 560,
        padding: '12px 16px',
        background: '#fdecea',
        color: '#611a15',
        border: '1px solid #f44336',
        borderRadius: 4,
        fontFamily: 'sans-serif',
        fontSize: 14,
      }}
    >
      <strong>Some dynamic plugins could not be loaded</strong>
      <ul style={{ margin: '8px 0', paddingLeft: 20 }}>
        {props.errors.map(e => (
          <li key={e}>{e}</li>
        ))}
      </ul>
      <button type="button" onClick={() => setOpen(false)}>
        Dismiss
      </button>
    </div>
  );
}
