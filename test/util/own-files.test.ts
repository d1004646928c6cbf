import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { ownModuleUrl, ownPackageJson, packageRoot, RUNNING_FROM_SOURCES } from '../../src/util/own-files.ts';
import { VERSION } from '../../src/version.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

describe('own files', () => {
  it('finds the package root and its package.json from the sources', () => {
    assert.equal(RUNNING_FROM_SOURCES, true);
    assert.equal(join(packageRoot(), '/'), repoRoot);
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string; exports: unknown };
    assert.equal(ownPackageJson().name, 'hookline');
    assert.deepEqual(ownPackageJson().exports, manifest.exports);
    assert.equal(VERSION, manifest.version);
  });

  it('names modules loaded by path as source files, which exist', () => {
    for (const path of ['log/log-worker-thread', 'util/typescript-format-hooks']) {
      const url = ownModuleUrl(path);
      assert.equal(url.href, new URL(`../../src/${path}.ts`, import.meta.url).href);
      assert.ok(existsSync(url), `${path} exists`);
    }
  });
});
