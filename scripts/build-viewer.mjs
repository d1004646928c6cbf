#!/usr/bin/env node
// Builds the log viewer served by `hookline view` into dist/viewer/: Inspect's published React
// viewer (@metrevals/inspect-log-viewer) mounted on the `inspect view` server API, bundled with
// esbuild into one script and one style sheet, plus an index.html that says what went wrong
// when the script cannot start (never a blank page).
//
//   node scripts/build-viewer.mjs            build (skipped when the output is newer than the viewer)
//   node scripts/build-viewer.mjs --force    always rebuild
import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'dist', 'viewer');

let viewerPackage;
try {
  // The package exports only its module (lib/index.js); its package.json is two folders up.
  viewerPackage = join(dirname(fileURLToPath(import.meta.resolve('@metrevals/inspect-log-viewer'))), '..', 'package.json');
} catch {
  console.error('build-viewer: @metrevals/inspect-log-viewer is not installed; run `npm ci` (it is a devDependency).');
  process.exit(1);
}
const viewerDir = dirname(viewerPackage);
const viewerVersion = JSON.parse(readFileSync(viewerPackage, 'utf8')).version;
const marker = join(outDir, 'viewer-version.txt');

// The entry also bundles hookline's own reading of pooled model inputs (the published viewer
// predates them): a change to that module or to this script rebuilds the viewer.
const eventsDataModule = join(root, 'src', 'log', 'events-data.ts');
const inputsChanged = Math.max(statSync(fileURLToPath(import.meta.url)).mtimeMs, statSync(eventsDataModule).mtimeMs);
const upToDate = existsSync(marker) && readFileSync(marker, 'utf8') === viewerVersion && statSync(marker).mtimeMs >= inputsChanged;
if (upToDate && !process.argv.includes('--force')) {
  console.log(`build-viewer: dist/viewer is up to date (viewer ${viewerVersion}).`);
  process.exit(0);
}

// The entry resolves from the viewer's own folder, so that React is the copy the viewer was
// built against (the project may have another React hoisted next to it).
const entry = `
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { App, clientApi, createViewServerApi, initializeStore } from '@metrevals/inspect-log-viewer';
import '@metrevals/inspect-log-viewer/styles/index.css';

import { resolveEventsData } from ${JSON.stringify(eventsDataModule)};

// The viewer reads .eval samples itself, and this build of it predates events_data (pooled model
// inputs): put the pooled messages back into each model event before it sees the sample.
const client = clientApi(createViewServerApi({ apiBaseUrl: 'api' }));
const api = {
  ...client,
  get_log_sample: async (file, id, epoch) => {
    const sample = await client.get_log_sample(file, id, epoch);
    return sample ? resolveEventsData(sample) : sample;
  },
};
initializeStore(api, { downloadFiles: true, downloadLogs: false, webWorkers: false, streamSamples: false, streamSampleData: false });
createRoot(document.getElementById('app')).render(createElement(App, { api }));
window.__hooklineViewerMounted = true;
`;

// Built into a private folder, then renamed into place: two builds at once (parallel test
// files in a fresh clone) never see each other's half-written files.
const tmpDir = `${outDir}.tmp-${process.pid}`;
rmSync(tmpDir, { recursive: true, force: true });
mkdirSync(tmpDir, { recursive: true });
await build({
  stdin: { contents: entry, resolveDir: viewerDir, loader: 'js', sourcefile: 'hookline-viewer-entry.js' },
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  platform: 'browser',
  outfile: join(tmpDir, 'viewer.js'),
  define: { 'process.env.NODE_ENV': '"production"' },
  loader: { '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl', '.svg': 'dataurl', '.png': 'dataurl' },
  logLevel: 'warning',
  legalComments: 'linked',
});

writeFileSync(
  join(tmpDir, 'index.html'),
  `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>hookline view</title>
<link rel="stylesheet" href="viewer.css">
<style>#hookline-fallback{font:15px/1.5 system-ui,sans-serif;margin:3em auto;max-width:44em;padding:0 1em}#hookline-fallback code{background:#eee;padding:0 .3em}</style>
</head>
<body>
<div id="app"></div>
<noscript><div id="hookline-fallback"><h1>hookline view needs JavaScript</h1><p>The log viewer is a JavaScript application: enable JavaScript for this page.</p></div></noscript>
<script>
// If the viewer cannot start, say so instead of leaving a blank page.
function hooklineFail(message) {
  if (document.getElementById('hookline-fallback')) return;
  var box = document.createElement('div');
  box.id = 'hookline-fallback';
  box.innerHTML = '<h1>The log viewer could not start</h1><p></p><p>Reload the page; if this persists, rebuild the viewer with <code>node scripts/build-viewer.mjs --force</code>.</p>';
  box.querySelector('p').textContent = message;
  document.body.appendChild(box);
}
window.addEventListener('error', function (e) { if (!window.__hooklineViewerMounted) hooklineFail(String(e.message || e)); });
setTimeout(function () { if (!window.__hooklineViewerMounted) hooklineFail('The viewer script did not load (viewer.js).'); }, 15000);
</script>
<script type="module" src="viewer.js"></script>
</body>
</html>
`,
);
writeFileSync(join(tmpDir, 'viewer-version.txt'), viewerVersion);
const current = existsSync(marker) && readFileSync(marker, 'utf8') === viewerVersion && existsSync(join(outDir, 'viewer.js'));
if (current && !process.argv.includes('--force')) {
  // A concurrent build finished first with the same viewer: keep it.
  rmSync(tmpDir, { recursive: true, force: true });
  console.log(`build-viewer: dist/viewer was built alongside (viewer ${viewerVersion}).`);
  process.exit(0);
}
rmSync(outDir, { recursive: true, force: true });
try {
  renameSync(tmpDir, outDir);
} catch (error) {
  // Another build renamed its output into place first: use that one.
  rmSync(tmpDir, { recursive: true, force: true });
  if (!existsSync(join(outDir, 'viewer.js'))) throw error;
}
console.log(`build-viewer: built dist/viewer (viewer ${viewerVersion}).`);
