// The package's entry points register the built-in integrations' start-up; these deep imports do it here.
import '../../src/integrations/startup.ts';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ConfigError, PrerequisiteError } from '../../src/errors.ts';
import { evaluate } from '../../src/eval/evaluate.ts';
import { defineSolver } from '../../src/eval/solvers/index.ts';
import { overrideApiKey } from '../../src/hooks/api-key.ts';
import { getHookBus } from '../../src/hooks/bus.ts';
import { Hooks } from '../../src/hooks/hooks-class.ts';
import { describeHooks } from '../../src/hooks/listing.ts';
import { hooks } from '../../src/hooks/register.ts';
import { initHooks } from '../../src/hooks/startup.ts';
import { API_KEY_OVERRIDE_HOOK_NAME, loadEnvFunction, TELEMETRY_HOOK_NAME } from '../../src/integrations/legacy-env.ts';
import { freshHooks, recordWarnings, tempDir } from '../helpers.ts';
import { mockTask } from '../eval/runtime-helpers.ts';

const fixtures = fileURLToPath(new URL('../fixtures/integrations/legacy-env/', import.meta.url));
const pluginProject = fileURLToPath(new URL('../fixtures/plugins/project/', import.meta.url));
const VARIABLES = ['HOOKLINE_TELEMETRY', 'HOOKLINE_API_KEY_OVERRIDE', 'INSPECT_REQUIRED_HOOKS', 'HOOKLINE_REQUIRED_HOOKS'] as const;

type TelemetryState = { messages: [string, string][]; handleLocation: boolean };
const globals = globalThis as { __legacyTelemetry?: TelemetryState };

function banner(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c.toString()));
  return { stream, text: () => chunks.join('') };
}

async function start(): Promise<string> {
  const out = banner();
  await initHooks({ cwd: fixtures, plugins: false, banner: true, output: out.stream });
  return out.text();
}

describe("Inspect's environment variables", () => {
  beforeEach(() => {
    freshHooks();
    globals.__legacyTelemetry = { messages: [], handleLocation: false };
  });
  afterEach(() => {
    for (const name of VARIABLES) Reflect.deleteProperty(process.env, name);
  });

  it('wraps HOOKLINE_TELEMETRY into the hook env/telemetry, shown in the banner and in hooks list', async () => {
    process.env.HOOKLINE_TELEMETRY = `${fixtures}telemetry.mjs:record`;
    const text = await start();
    assert.match(text, /env\/telemetry: eval logs and token usage are recorded by the HOOKLINE_TELEMETRY function/);
    const row = describeHooks(getHookBus().list()).find((r) => r.name === TELEMETRY_HOOK_NAME);
    assert.deepEqual(row?.details, [`from HOOKLINE_TELEMETRY=${fixtures}telemetry.mjs:record`]);
    assert.deepEqual([...(row?.events ?? [])].sort(), ['onModelUsage', 'onRunEnd', 'onTaskEnd']);
  });

  it("sends Inspect's telemetry messages: model_usage per call, then eval_log_location and, when not handled, eval_log", async () => {
    process.env.HOOKLINE_TELEMETRY = './telemetry.mjs:record';
    await start();
    const logDir = tempDir('hookline-legacy-telemetry-');
    try {
      const [log] = await evaluate(mockTask(), { banner: false, logDir });
      const messages = globals.__legacyTelemetry!.messages;
      assert.deepEqual(messages.map(([type]) => type), ['model_usage', 'eval_log_location', 'eval_log']);
      const usage = JSON.parse(messages[0]![1]) as { model: string; usage: Record<string, number> };
      assert.equal(usage.model, 'mockllm/model');
      assert.ok(typeof usage.usage['input_tokens'] === 'number' && typeof usage.usage['output_tokens'] === 'number', `snake_case usage: ${messages[0]![1]}`);
      assert.equal(messages[1]![1], log!.location);
      const sent = JSON.parse(messages[2]![1]) as { status: string; eval: { eval_id: string } };
      assert.equal(sent.status, 'success');
      assert.equal(sent.eval.eval_id, log!.eval.evalId);
    } finally {
      rmSync(logDir, { recursive: true, force: true });
    }
  });

  it('sends the log of a task that failed (no onTaskEnd) once, at run end, and skips eval_log when the location was handled', async () => {
    process.env.HOOKLINE_TELEMETRY = './telemetry.mjs:record';
    globals.__legacyTelemetry!.handleLocation = true;
    await start();
    const logDir = tempDir('hookline-legacy-telemetry-');
    const failing = defineSolver('fails', {}, () => {
      throw new Error('solver broke');
    });
    try {
      const { restore } = recordWarnings();
      const [log] = await evaluate(mockTask({ solver: failing }), { banner: false, logDir });
      restore();
      assert.equal(log!.status, 'error');
      assert.deepEqual(globals.__legacyTelemetry!.messages, [['eval_log_location', log!.location]]);
    } finally {
      rmSync(logDir, { recursive: true, force: true });
    }
  });

  it('wraps HOOKLINE_API_KEY_OVERRIDE (default export) into env/api-key-override, asked after hooks registered before it', async () => {
    process.env.HOOKLINE_API_KEY_OVERRIDE = './api-key.mjs';
    hooks({ name: 'first' }, class First extends Hooks {
      override overrideApiKey(data: { envVarName: string }): string | undefined {
        return data.envVarName === 'ANTHROPIC_API_KEY' ? 'from-first' : undefined;
      }
    });
    const text = await start();
    assert.match(text, /env\/api-key-override: API keys are read and may be replaced by the HOOKLINE_API_KEY_OVERRIDE function/);
    assert.equal(overrideApiKey('OPENAI_API_KEY', 'sk-1'), 'vault-sk-1');
    assert.equal(overrideApiKey('ANTHROPIC_API_KEY', 'sk-2'), 'from-first');
    assert.equal(overrideApiKey('OTHER_KEY', 'x'), undefined);
    assert.deepEqual(describeHooks(getHookBus().list()).find((r) => r.name === API_KEY_OVERRIDE_HOOK_NAME)?.details, ['from HOOKLINE_API_KEY_OVERRIDE=./api-key.mjs']);
  });

  it('resolves an installed package (with a subpath) from the current folder', async () => {
    const fn = await loadEnvFunction('HOOKLINE_TELEMETRY', 'hookline-plugin-audit/registry.mjs:register', pluginProject);
    assert.equal(fn.name, 'register');
  });

  it('stops start-up with an error naming the variable, its value and the problem', async () => {
    const cases: [string, string, RegExp][] = [
      ['HOOKLINE_TELEMETRY', './missing.mjs:send', /HOOKLINE_TELEMETRY is set to '\.\/missing\.mjs:send', but importing '\.\/missing\.mjs' failed/],
      ['HOOKLINE_TELEMETRY', './telemetry.mjs:send', /but '\.\/telemetry\.mjs' has no export 'send' \(its exports: notAFunction, record\)/],
      ['HOOKLINE_TELEMETRY', './telemetry.mjs:notAFunction', /its export 'notAFunction' is a number, not a function/],
      ['HOOKLINE_API_KEY_OVERRIDE', ':override', /HOOKLINE_API_KEY_OVERRIDE is set to ':override', but it names no module/],
      ['HOOKLINE_API_KEY_OVERRIDE', 'no-such-package-hookline:fn', /the module 'no-such-package-hookline' cannot be found from /],
    ];
    for (const [variable, value, expected] of cases) {
      freshHooks();
      process.env[variable] = value;
      await assert.rejects(start(), (error: unknown) => {
        assert.ok(error instanceof ConfigError, `a ConfigError for ${variable}=${value}`);
        assert.match(error.message, expected);
        assert.match(error.message, /Set it to <module>:<export>/);
        return true;
      });
      Reflect.deleteProperty(process.env, variable);
    }
  });

  it('reads INSPECT_REQUIRED_HOOKS when HOOKLINE_REQUIRED_HOOKS is unset, and names it in the error', async () => {
    hooks({ name: 'present' }, class Present extends Hooks {});
    process.env.INSPECT_REQUIRED_HOOKS = 'present,aisitools/aisitools';
    await assert.rejects(start(), (error: unknown) => {
      assert.ok(error instanceof PrerequisiteError, 'a PrerequisiteError');
      assert.match(error.message, /^Required hook\(s\) missing: aisitools\/aisitools\.\nINSPECT_REQUIRED_HOOKS is set to 'present,aisitools\/aisitools' \(read because HOOKLINE_REQUIRED_HOOKS is not set\)\.\nInstalled hooks: present\./);
      return true;
    });
    freshHooks();
    hooks({ name: 'present' }, class Present extends Hooks {});
    process.env.INSPECT_REQUIRED_HOOKS = 'present';
    await start();
  });

  it('ignores INSPECT_REQUIRED_HOOKS when HOOKLINE_REQUIRED_HOOKS is set', async () => {
    hooks({ name: 'present' }, class Present extends Hooks {});
    process.env.INSPECT_REQUIRED_HOOKS = 'missing/hook';
    process.env.HOOKLINE_REQUIRED_HOOKS = 'present';
    await start();
    assert.ok(getHookBus().get('present') !== undefined, 'start-up went through');
  });
});
