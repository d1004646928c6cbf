import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type { ToolCreate } from '../../src/hooks/payloads/agent.ts';
import { on } from '../../src/hooks/register.ts';
import { runInContext, type TranscriptRecorder } from '../../src/runtime/context.ts';
import type { TranscriptEvent } from '../../src/types/events.ts';
import { builtinTools, defineTool, executeToolCall, ToolDefinitionError, ToolError } from '../../src/tools/index.ts';
import { freshHooks } from '../helpers.ts';

const params = { type: 'object', properties: { n: { type: 'integer', minimum: 0 }, unit: { type: 'string', default: 'm' } }, required: ['n'] } as const;

describe('defineTool', () => {
  beforeEach(freshHooks);

  it('gives the ToolInfo and fires onToolCreate', () => {
    const seen: ToolCreate[] = [];
    on('onToolCreate', (p) => {
      seen.push(p);
    });
    const tool = defineTool({ name: 'measure', description: 'Measures', parameters: params, execute: () => 1 });
    assert.deepEqual(tool.info, { name: 'measure', description: 'Measures', parameters: { ...params, properties: params.properties, required: ['n'] } });
    assert.deepEqual(seen, [{ component: tool.component, toolName: 'measure', description: 'Measures' }]);
    assert.equal(tool.component.kind, 'tool');
  });

  it('validates arguments against the schema, filling defaults on a copy', () => {
    const tool = defineTool({ name: 'measure', description: '', parameters: params, execute: () => 1 });
    const given = { n: 3 };
    assert.deepEqual(tool.validate(given), { ok: true, value: { n: 3, unit: 'm' } });
    assert.deepEqual(given, { n: 3 });
    const bad = tool.validate({ n: -1 });
    assert.equal(bad.ok, false);
    assert.match(bad.ok ? '' : bad.error, /'n' must be >= 0/);
    const missing = tool.validate({});
    assert.match(missing.ok ? '' : missing.error, /must have required property 'n'/);
  });

  it('rejects bad names and schemas with clear errors', () => {
    assert.throws(() => defineTool({ name: 'has space', description: '', parameters: { type: 'object' }, execute: () => 1 }), ToolDefinitionError);
    assert.throws(
      () => defineTool({ name: 't', description: '', parameters: { type: 'array' } as never, execute: () => 1 }),
      /parameters must be a JSON Schema with type 'object'/,
    );
    assert.throws(
      () => defineTool({ name: 't', description: '', parameters: { type: 'object', properties: { a: { type: 'nonsense' } } }, execute: () => 1 }),
      /parameters is not a valid JSON Schema/,
    );
    assert.throws(() => builtinTools(['bash', 'grep']), /Unknown built-in tool 'grep'. Choose from: bash, read, write, edit/);
  });

  it('runs outside a session too, records a ToolEvent, serialises JSON results, and keeps ToolError types', async () => {
    const events: TranscriptEvent[] = [];
    const recorder: TranscriptRecorder = { record: (e) => events.push(e) };
    const json = defineTool({ name: 'json', description: '', parameters: { type: 'object' }, execute: () => ({ a: [1, 2] }) });
    const denied = defineTool({ name: 'denied', description: '', parameters: { type: 'object' }, execute: () => { throw new ToolError('permission', 'no access to /root'); } });
    const [ok, failed] = await runInContext({ transcript: recorder, sampleId: 's1' }, async () => [
      await executeToolCall({ id: 'c1', function: 'json', arguments: {}, type: 'function' }, [json, denied], { cwd: '/', permissionMode: 'default' }),
      await executeToolCall({ id: 'c2', function: 'denied', arguments: {}, type: 'function' }, [json, denied], { cwd: '/', permissionMode: 'default' }),
    ]);
    assert.equal(ok.message.content, '{"a":[1,2]}');
    assert.deepEqual(ok.result, { a: [1, 2] });
    assert.deepEqual(failed.message.error, { type: 'permission', message: 'no access to /root' });
    assert.equal(events.length, 2);
    const first = events[0]!;
    assert.equal(first.event, 'tool');
    assert.equal(first.event === 'tool' ? first.id : '', 'c1');
    assert.equal(first.event === 'tool' ? first.result : '', '{"a":[1,2]}');
    assert.equal(events[1]!.event === 'tool' ? events[1].error?.type : '', 'permission');
  });

  it('fills eval ids in tool payloads from the active context', async () => {
    const seen: unknown[] = [];
    on('onPreToolUse', (p) => {
      seen.push([p.sampleId, p.evalId, p.sessionId, p.turnId]);
    });
    const tool = defineTool({ name: 'x', description: '', parameters: { type: 'object' }, execute: () => 'ok' });
    await runInContext({ sampleId: 's9', evalId: 'e1', sessionId: 'sess' }, () =>
      executeToolCall({ id: 'c', function: 'x', arguments: {}, type: 'function' }, [tool], { cwd: '/', permissionMode: 'default' }),
    );
    assert.deepEqual(seen, [['s9', 'e1', 'sess', undefined]]);
  });
});
