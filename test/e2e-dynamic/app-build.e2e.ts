import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { APP_DIST, PLUGIN_FOLDERS } from './dynamicPortal';

/** Every JavaScript file under `dir` with its text. */
function scriptsUnder(dir: string): { file: string; text: string }[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter(f => f.endsWith('.js'))
    .map(f => ({ file: f, text: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

/*
 * The production build of packages/app-dynamic (globalSetup built it) carries no ITSM code: the
 * ids of the plugin's API ref and of its extensions appear in the remote's chunks only.
 */
test('the app build has no ITSM code; the remote has it', () => {
  const markers = ['plugin.itsm.api', '@backstage-itsm/plugin-itsm'];
  const app = scriptsUnder(APP_DIST);
  expect(app.length, 'scripts in the app build').toBeGreaterThan(0);
  // The app does have the loader that fetches the remotes (so the search below looks at real code).
  expect(
    app.some(s => s.text.includes('/.backstage/dynamic-features/remotes')),
  ).toBe(true);
  for (const marker of markers) {
    expect(
      app.filter(s => s.text.includes(marker)).map(s => s.file),
      `app scripts containing ${marker}`,
    ).toEqual([]);
  }

  const remote = scriptsUnder(
    path.join(PLUGIN_FOLDERS.installed, 'backstage-itsm-plugin-itsm/dist'),
  );
  expect(
    remote.some(s => s.text.includes('plugin.itsm.api')),
    'the remote has the plugin code',
  ).toBe(true);
});
