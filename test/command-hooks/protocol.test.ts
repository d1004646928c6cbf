import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HookEventName } from '../../src/hooks/catalog.ts';
import { DecisionMerger } from '../../src/hooks/decision.ts';
import { type HookOutcome, parseHookOutput } from '../../src/hooks/sources/command/index.ts';

function ok(event: HookEventName, stdout: unknown): HookOutcome {
  return parseHookOutput(event, { exitCode: 0, stdout: typeof stdout === 'string' ? stdout : JSON.stringify(stdout), stderr: '' });
}

function exit(event: HookEventName, code: number, stderr: string, stdout = ''): HookOutcome {
  return parseHookOutput(event, { exitCode: code, stdout, stderr });
}

function merge(...outcomes: HookOutcome[]) {
  const merger = new DecisionMerger();
  for (const o of outcomes) merger.add(o.decision);
  return merger.result();
}

const pre = (specific: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ hookSpecificOutput: { hookEventName: 'PreToolUse', ...specific }, ...extra });

describe('PreToolUse results', () => {
  it('deny with a reason blocks and keeps additionalContext', () => {
    const o = ok('onPreToolUse', pre({ permissionDecision: 'deny', permissionDecisionReason: 'nope reason', additionalContext: 'nope' }));
    assert.equal(o.status, 'blocked');
    assert.deepEqual(o.decision, { additionalContext: 'nope', decision: 'block', reason: 'nope reason' });
  });

  it('allow + updatedInput rewrites the input', () => {
    const o = ok('onPreToolUse', pre({ permissionDecision: 'allow', updatedInput: { command: 'echo rewritten' } }));
    assert.equal(o.status, 'completed');
    assert.deepEqual(o.decision, { decision: 'allow', updatedInput: { command: 'echo rewritten' } });
  });

  it('46 (configured order): of two rewrites the later handler in configured order wins', () => {
    const a = ok('onPreToolUse', pre({ permissionDecision: 'allow', updatedInput: { command: 'first' } }));
    const b = ok('onPreToolUse', pre({ permissionDecision: 'allow', updatedInput: { command: 'second' } }));
    assert.deepEqual(merge(a, b).updatedInput, { command: 'second' });
  });

  it('allow without updatedInput is an allow (Claude Code), not a failure as in Codex; updatedInput alone still fails', () => {
    assert.deepEqual(ok('onPreToolUse', pre({ permissionDecision: 'allow' })), { status: 'completed', decision: { decision: 'allow' }, error: undefined, detail: undefined });
    assert.equal(merge(ok('onPreToolUse', pre({ permissionDecision: 'allow' }))).allowed, true);
    assert.equal(ok('onPreToolUse', pre({ updatedInput: { command: 'x' } })).error, 'PreToolUse hook returned updatedInput without permissionDecision:allow');
  });

  it('ask and defer need a person: an ask decision with the reason, never an allow', () => {
    const asked = ok('onPreToolUse', pre({ permissionDecision: 'ask', permissionDecisionReason: 'rm -rf needs a human' }));
    assert.equal(asked.status, 'completed');
    assert.deepEqual(asked.decision, { decision: 'ask', reason: 'rm -rf needs a human' });
    const deferred = ok('onPreToolUse', pre({ permissionDecision: 'defer' }));
    assert.deepEqual(deferred.decision, { decision: 'ask', reason: 'A PreToolUse hook answered permissionDecision:defer.' });
    const merged = merge(asked, ok('onPreToolUse', pre({ permissionDecision: 'allow' })));
    assert.deepEqual(merged.asked, { reasons: ['rm -rf needs a human'] }, 'an allow from another hook does not cancel the ask');
    assert.equal(merged.allowed, undefined, 'the ask wins over the allow');
    assert.equal(merged.blocked, false);
    const denied = merge(asked, ok('onPreToolUse', pre({ permissionDecision: 'deny', permissionDecisionReason: 'no' })));
    assert.equal(denied.blocked, true);
    assert.equal(denied.asked, undefined, 'a deny settles the call: nobody is asked');
  });

  it('the legacy {decision: "block"} form blocks and keeps context', () => {
    const o = ok('onPreToolUse', { decision: 'block', reason: 'legacy', hookSpecificOutput: { hookEventName: 'PreToolUse', additionalContext: 'ctx' } });
    assert.equal(o.status, 'blocked');
    assert.deepEqual(o.decision, { additionalContext: 'ctx', decision: 'block', reason: 'legacy' });
  });

  it('legacy approve is an allow, as Claude Code maps it', () => {
    assert.deepEqual(ok('onPreToolUse', { decision: 'approve' }), { status: 'completed', decision: { decision: 'allow' }, error: undefined, detail: undefined });
  });

  it('ask with updatedInput asks about the rewritten input', () => {
    const o = ok('onPreToolUse', pre({ permissionDecision: 'ask', permissionDecisionReason: 'check it', updatedInput: { command: 'ls -la' } }));
    assert.deepEqual(o.decision, { decision: 'ask', reason: 'check it', updatedInput: { command: 'ls -la' } });
    assert.deepEqual(merge(o).updatedInput, { command: 'ls -la' });
  });

  it('plain stdout is ignored', () => {
    assert.deepEqual(ok('onPreToolUse', 'hook ran successfully\n'), { status: 'completed', decision: undefined, error: undefined, detail: undefined });
    assert.deepEqual(ok('onPreToolUse', '[12:00] ✓ checked'), { status: 'completed', decision: undefined, error: undefined, detail: undefined });
  });

  it('truncated JSON fails as invalid pre-tool-use JSON output', () => {
    const o = ok('onPreToolUse', '{"decision":\n');
    assert.equal(o.status, 'failed');
    assert.equal(o.error, 'hook returned invalid pre-tool-use JSON output');
    assert.ok(o.detail !== undefined, 'the parse error is kept as detail');
  });

  it('exit 2 blocks with the trimmed stderr and ignores JSON on stdout; exit 1 never blocks', () => {
    const o = exit('onPreToolUse', 2, 'blocked by policy\n', '{"hookSpecificOutput":{"permissionDecision":"allow","updatedInput":{}}}');
    assert.deepEqual([o.status, o.decision], ['blocked', { decision: 'block', reason: 'blocked by policy' }]);
    assert.equal(exit('onPreToolUse', 2, '  \n').error, 'PreToolUse hook exited with code 2 but did not write a blocking reason to stderr');
    assert.deepEqual([exit('onPreToolUse', 1, 'oops').status, exit('onPreToolUse', 1, 'oops').error], ['failed', 'hook exited with code 1']);
  });

  it('deny without a reason still blocks, with a default reason (explicit denials are honoured)', () => {
    const o = ok('onPreToolUse', pre({ permissionDecision: 'deny' }));
    assert.equal(o.status, 'blocked');
    assert.deepEqual(o.decision, { decision: 'block', reason: 'Blocked by a PreToolUse hook.' });
  });

  it('deny + allow merges to deny', () => {
    const deny = ok('onPreToolUse', pre({ permissionDecision: 'deny', permissionDecisionReason: 'no' }));
    const allow = ok('onPreToolUse', pre({ permissionDecision: 'allow', updatedInput: { command: 'x' } }));
    const merged = merge(allow, deny);
    assert.equal(merged.blocked, true);
    assert.equal(merged.updatedInput, undefined);
    assert.equal(merged.allowed, undefined, 'the deny wins over the allow');
  });

  it('is lenient about unknown keys but strict about the types of known ones', () => {
    assert.equal(ok('onPreToolUse', { ...pre({ permissionDecision: 'deny', permissionDecisionReason: 'r', extra: 1 }), somethingNew: true }).status, 'blocked');
    const wrong = ok('onPreToolUse', { continue: 'no' });
    assert.equal(wrong.error, 'hook returned invalid pre-tool-use JSON output');
    assert.equal(wrong.detail, 'continue must be a boolean');
  });
});

describe('PostToolUse results', () => {
  it('decision block with a reason blocks (feedback)', () => {
    const o = ok('onPostToolUse', { decision: 'block', reason: 'fix the lint errors' });
    assert.deepEqual([o.status, o.decision], ['blocked', { decision: 'block', reason: 'fix the lint errors' }]);
  });

  it('additionalContext is recorded', () => {
    assert.deepEqual(ok('onPostToolUse', { hookSpecificOutput: { hookEventName: 'PostToolUse', additionalContext: 'ctx' } }).decision, { additionalContext: 'ctx' });
  });

  it('updatedMCPToolOutput fails', () => {
    assert.equal(ok('onPostToolUse', { hookSpecificOutput: { hookEventName: 'PostToolUse', updatedMCPToolOutput: {} } }).error, 'PostToolUse hook returned unsupported updatedMCPToolOutput');
  });

  it('exit 2 with stderr is feedback for the model; the run counts as completed', () => {
    const o = exit('onPostToolUse', 2, 'blocked by post hook\n');
    assert.deepEqual([o.status, o.decision], ['completed', { decision: 'block', reason: 'blocked by post hook' }]);
    assert.equal(exit('onPostToolUse', 2, '').error, 'PostToolUse hook exited with code 2 but did not write feedback to stderr');
  });

  it('continue:false with stopReason and reason stops; the reason stays as feedback', () => {
    const o = ok('onPostToolUse', { continue: false, stopReason: 'halt', reason: 'post-tool hook says stop' });
    assert.equal(o.status, 'stopped');
    const merged = merge(o);
    assert.deepEqual([merged.stopped, merged.stopReason, merged.reasons, merged.blocked], [true, 'halt', ['post-tool hook says stop'], false]);
  });

  it('plain stdout is ignored', () => {
    assert.equal(ok('onPostToolUse', 'done').decision, undefined);
  });
});

describe('UserPromptSubmit results', () => {
  it('continue:false + stopReason + additionalContext stops and keeps the context', () => {
    const o = ok('onUserPromptSubmit', { continue: false, stopReason: 'stop', hookSpecificOutput: { hookEventName: 'UserPromptSubmit', additionalContext: 'ctx' } });
    assert.equal(o.status, 'stopped');
    assert.deepEqual(merge(o).additionalContext, ['ctx']);
  });

  it('block + reason + context blocks with the reason and keeps the context', () => {
    const o = ok('onUserPromptSubmit', { decision: 'block', reason: 'no secrets', hookSpecificOutput: { hookEventName: 'UserPromptSubmit', additionalContext: 'ctx' } });
    const merged = merge(o);
    assert.deepEqual([o.status, merged.reasons, merged.additionalContext], ['blocked', ['no secrets'], ['ctx']]);
  });

  it('block without a reason fails and drops the context', () => {
    const o = ok('onUserPromptSubmit', { decision: 'block', hookSpecificOutput: { hookEventName: 'UserPromptSubmit', additionalContext: 'ctx' } });
    assert.deepEqual([o.status, o.error, o.decision], ['failed', 'UserPromptSubmit hook returned decision:block without a non-empty reason', undefined]);
  });

  it('exit 2 blocks with the trimmed stderr', () => {
    assert.deepEqual(exit('onUserPromptSubmit', 2, ' no \n').decision, { decision: 'block', reason: 'no' });
  });

  it('plain stdout becomes context', () => {
    assert.deepEqual(ok('onUserPromptSubmit', 'remember the reef\n').decision, { additionalContext: 'remember the reef' });
  });

  it('stdout that starts with "[" but is a log line is plain context, not invalid JSON', () => {
    const o = ok('onUserPromptSubmit', '[12:00] ✓ Prompt validated\n');
    assert.deepEqual([o.status, o.decision], ['completed', { additionalContext: '[12:00] ✓ Prompt validated' }]);
  });

  it('a JSON array or scalar is not a decision: it is plain context', () => {
    assert.deepEqual(ok('onUserPromptSubmit', '["a", "b"]').decision, { additionalContext: '["a", "b"]' });
    assert.deepEqual(ok('onUserPromptSubmit', '42').decision, { additionalContext: '42' });
  });
});

describe('Stop results', () => {
  it('block + reason blocks', () => {
    assert.deepEqual(ok('onStop', { decision: 'block', reason: 'Run the tests.' }).decision, { decision: 'block', reason: 'Run the tests.' });
  });

  it('block without a reason, or with a blank one, fails', () => {
    assert.equal(ok('onStop', { decision: 'block' }).error, 'Stop hook returned decision:block without a non-empty reason');
    assert.equal(ok('onStop', { decision: 'block', reason: '   ' }).status, 'failed');
  });

  it('continue:false beats a block', () => {
    const o = ok('onStop', { continue: false, decision: 'block', reason: 'x' });
    const merged = merge(o);
    assert.deepEqual([o.status, merged.stopped, merged.blocked, merged.reasons], ['stopped', true, false, []]);
  });

  it('exit 2 uses stderr only; a blank stderr fails', () => {
    assert.deepEqual(exit('onStop', 2, 'continue please\n', 'ignored stdout').decision, { decision: 'block', reason: 'continue please' });
    assert.equal(exit('onStop', 2, '  ').error, 'Stop hook exited with code 2 but did not write a continuation prompt to stderr');
  });

  it('plain stdout is ignored, as Claude Code does (a log line is not a decision)', () => {
    assert.deepEqual(ok('onStop', '[12:00] checks passed\n'), { status: 'completed', decision: undefined, error: undefined, detail: undefined });
    assert.deepEqual(ok('onStop', 'not json'), { status: 'completed', decision: undefined, error: undefined, detail: undefined });
  });

  it('two blocking results keep both reasons in order', () => {
    const merged = merge(ok('onStop', { decision: 'block', reason: 'first' }), ok('onStop', { decision: 'block', reason: 'second' }));
    assert.deepEqual(merged.reasons, ['first', 'second']);
  });

  it('exit 0 with no output has no opinion (no synthetic continuation)', () => {
    assert.deepEqual(ok('onStop', ''), { status: 'completed', decision: undefined, error: undefined, detail: undefined });
    assert.equal(merge(ok('onStop', { continue: true })).blocked, false);
  });
});

describe('SessionStart results', () => {
  it('plain stdout becomes context', () => {
    const o = ok('onSessionStart', 'hello from hook\n');
    assert.deepEqual([o.status, o.decision], ['completed', { additionalContext: 'hello from hook' }]);
  });

  it('continue:false stops and keeps the context', () => {
    const o = ok('onSessionStart', { continue: false, hookSpecificOutput: { hookEventName: 'SessionStart', additionalContext: 'ctx' } });
    assert.deepEqual([o.status, merge(o).additionalContext, merge(o).stopped], ['stopped', ['ctx'], true]);
  });

  it('truncated JSON fails', () => {
    assert.equal(ok('onSessionStart', '{"hookSpecificOutput":{"hookEventName":"SessionStart"').error, 'hook returned invalid session start JSON output');
  });

  it('exit 2 has no special meaning: a failure', () => {
    assert.equal(exit('onSessionStart', 2, 'reason').error, 'hook exited with code 2');
  });
});

describe('process endings', () => {
  it('a signal, a timeout and a spawn error are non-blocking failures', () => {
    assert.deepEqual(
      [parseHookOutput('onPreToolUse', { exitCode: null, signal: 'SIGKILL', stdout: '', stderr: '' }).error, parseHookOutput('onPreToolUse', { exitCode: null, signal: 'SIGKILL', stdout: '', stderr: '' }).detail],
      ['hook exited without a status code', 'killed by SIGKILL'],
    );
    const timedOut = parseHookOutput('onStop', { exitCode: null, stdout: '{"decision":"block","reason":"x"}', stderr: '', error: { message: 'hook timed out after 1s' } });
    assert.deepEqual([timedOut.status, timedOut.error, timedOut.decision], ['failed', 'hook timed out after 1s', undefined]);
  });

  it('observe events ignore stdout and report non-zero exits', () => {
    assert.equal(ok('onSampleEnd', '{"decision":"block","reason":"x"}').decision, undefined);
    assert.equal(exit('onSampleEnd', 3, '').error, 'hook exited with code 3');
  });
});

describe('PermissionRequest updatedPermissions', () => {
  const allow = (decision: Record<string, unknown>) => ({ hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'allow', ...decision } } });
  const addEcho = { type: 'addRules', rules: [{ toolName: 'Bash', ruleContent: 'echo:*' }], behavior: 'allow', destination: 'localSettings' };

  it('keeps the updates of an allow and merges them in handler order', () => {
    const first = ok('onPermissionRequest', allow({ updatedPermissions: [addEcho] }));
    const second = ok('onPermissionRequest', allow({ updatedPermissions: [{ type: 'setMode', mode: 'acceptEdits', destination: 'session' }] }));
    assert.deepEqual(first.decision, { behavior: 'allow', updatedPermissions: [addEcho] });
    const merged = merge(first, second);
    assert.equal(merged.allowed, true);
    assert.deepEqual(merged.updatedPermissions, [addEcho, { type: 'setMode', mode: 'acceptEdits', destination: 'session' }]);
  });

  it('drops every update when another hook denies', () => {
    const denied = merge(ok('onPermissionRequest', allow({ updatedPermissions: [addEcho] })), ok('onPermissionRequest', { hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'deny' } } }));
    assert.equal(denied.blocked, true);
    assert.equal(denied.updatedPermissions, undefined);
  });

  it('makes the output invalid for a malformed entry, naming it (the question then goes on: never an allow)', () => {
    const cases: [unknown, string][] = [
      [{ type: 'addRules', rules: [{ toolName: 'Bash' }], behavior: 'allow', destination: 'cliArg' }, 'decision.updatedPermissions[0]: destination must be one of session, localSettings, projectSettings, userSettings, got "cliArg"'],
      [{ type: 'addRules', rules: 'Bash', behavior: 'allow', destination: 'session' }, 'decision.updatedPermissions[0]: rules must be a list of {toolName, ruleContent?}'],
      [{ type: 'setMode', mode: 'yolo', destination: 'session' }, 'decision.updatedPermissions[0]: mode must be one of default, acceptEdits, plan, dontAsk, bypassPermissions, got "yolo"'],
      [{ type: 'grantAll', destination: 'session' }, 'decision.updatedPermissions[0]: type must be addRules, replaceRules, removeRules, setMode, addDirectories or removeDirectories, got "grantAll"'],
    ];
    for (const [entry, detail] of cases) {
      const o = ok('onPermissionRequest', allow({ updatedPermissions: [entry] }));
      assert.deepEqual([o.status, o.error, o.detail, o.decision], ['failed', 'hook returned invalid permission-request JSON output', detail, undefined]);
    }
  });
});
