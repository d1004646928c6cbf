/**
 * Property-based fuzzing (fast-check) of the parsers that read what users and hooks write:
 * hooks.json, matchers, command-hook output and in-process decisions. Thousands of generated
 * inputs each; the outcome is always a valid result or a clear hookline error, never an
 * uncaught exception. Runs are seeded by fast-check and bounded in number.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isHooklineError } from '../../src/errors.ts';
import { EVENT_NAMES } from '../../src/hooks/catalog.ts';
import { DecisionMerger, decisionProblem } from '../../src/hooks/decision.ts';
import { parseHooksConfig } from '../../src/hooks/sources/command/config.ts';
import { compileMatcher, matcherSelects } from '../../src/hooks/sources/command/matcher.ts';
import { parseHookOutput } from '../../src/hooks/sources/command/protocol.ts';

const RUNS = 3000;
const WIRES = ['PreToolUse', 'PostToolUse', 'Stop', 'SessionStart', 'UserPromptSubmit', 'SessionEnd', 'SampleEnd', 'Nope', ''];

/** JSON values shaped like hooks.json, with junk mixed in at every level. */
const handler = fc.oneof(
  fc.record({ type: fc.constantFrom('command', 'prompt', 'agent', 7), command: fc.oneof(fc.string(), fc.constant(3)), timeout: fc.oneof(fc.integer({ min: -5, max: 10_000 }), fc.double(), fc.string()), async: fc.oneof(fc.boolean(), fc.string()) }, { requiredKeys: [] }),
  fc.jsonValue({ maxDepth: 2 }),
);
const group = fc.oneof(
  fc.record({ matcher: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('Bash|Edit', '^Bash', '(', '*', '[a-')), hooks: fc.oneof(fc.array(handler, { maxLength: 3 }), fc.jsonValue({ maxDepth: 1 })) }, { requiredKeys: [] }),
  fc.jsonValue({ maxDepth: 2 }),
);
const hooksFile = fc.oneof(
  fc.record({ hooks: fc.oneof(fc.dictionary(fc.constantFrom(...WIRES), fc.oneof(fc.array(group, { maxLength: 3 }), fc.jsonValue({ maxDepth: 1 })), { maxKeys: 4 }), fc.jsonValue({ maxDepth: 2 })), disableAllHooks: fc.oneof(fc.boolean(), fc.string()) }, { requiredKeys: [] }),
  fc.jsonValue({ maxDepth: 4 }),
);

function isConfigError(error: unknown): boolean {
  return isHooklineError(error) && error.code === 'CONFIG_INVALID' && error.message.includes('/p/hooks.json');
}

describe('fuzzing the hooks.json parser', () => {
  it('returns definitions or throws a ConfigError naming the file, for any JSON', () => {
    fc.assert(
      fc.property(hooksFile, (json) => {
        try {
          const parsed = parseHooksConfig(json, '/p/hooks.json', 'project');
          for (const def of parsed.definitions) assert.equal(typeof def.command, 'string');
        } catch (error) {
          assert.ok(isConfigError(error), `unexpected ${String(error)}`);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('fuzzing the matcher', () => {
  it('compiles or explains any matcher string, and a compiled matcher tests any value', () => {
    const value = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(undefined), fc.constant(null), fc.object({ maxDepth: 1 }));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 12 }), fc.stringMatching(/^[A-Za-z|()*.+?[\]^$\\]{0,10}$/)), value, (matcher, tested) => {
        const compiled = compileMatcher(matcher);
        if (!compiled.ok) {
          assert.ok(compiled.error.length > 0, 'an invalid matcher says why');
          return;
        }
        assert.equal(typeof matcherSelects(compiled.matcher, tested), 'boolean');
      }),
      { numRuns: RUNS },
    );
  });

  it('matches exact names exactly: a listed name is selected, its extension is not', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,8}$/), (name) => {
        const compiled = compileMatcher(name);
        assert.ok(compiled.ok, 'a plain name compiles');
        assert.equal(matcherSelects(compiled.matcher, name), true);
        assert.equal(matcherSelects(compiled.matcher, `${name}X`), false);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('fuzzing the command-hook output parser', () => {
  const events = fc.constantFrom(...(EVENT_NAMES));
  const stdout = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc.record({
      decision: fc.oneof(fc.constantFrom('block', 'approve', 'allow', 'ask'), fc.jsonValue({ maxDepth: 1 })),
      reason: fc.oneof(fc.string(), fc.jsonValue({ maxDepth: 1 })),
      continue: fc.oneof(fc.boolean(), fc.string()),
      hookSpecificOutput: fc.oneof(
        fc.record({ permissionDecision: fc.oneof(fc.constantFrom('allow', 'deny', 'ask', 'defer', 'maybe'), fc.integer()), permissionDecisionReason: fc.oneof(fc.string(), fc.integer()), updatedInput: fc.jsonValue({ maxDepth: 2 }), additionalContext: fc.oneof(fc.string(), fc.integer()) }, { requiredKeys: [] }),
        fc.jsonValue({ maxDepth: 2 }),
      ),
    }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
  );
  const output = fc.record({
    exitCode: fc.oneof(fc.constantFrom(0, 1, 2, 127), fc.constant(null), fc.integer({ min: -2, max: 300 })),
    stdout,
    stderr: fc.string({ maxLength: 100 }),
    signal: fc.constantFrom(null, 'SIGKILL', undefined),
  });

  it('maps any exit code and output to an outcome, and the outcome always merges', () => {
    fc.assert(
      fc.property(events, output, (event, out) => {
        const outcome = parseHookOutput(event, out);
        assert.ok(['completed', 'blocked', 'stopped', 'failed'].includes(outcome.status), `status ${outcome.status}`);
        if (outcome.status === 'failed') assert.ok(outcome.error !== undefined && outcome.error !== '', 'a failure says what failed');
        if (outcome.decision !== undefined) assert.equal(decisionProblem('PreToolUse', outcome.decision), undefined, 'the protocol only produces valid decisions');
        const merger = new DecisionMerger();
        merger.add(outcome.decision);
        merger.result();
      }),
      { numRuns: RUNS },
    );
  });

  it('never turns a PreToolUse ask into an allow', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (reason) => {
        const outcome = parseHookOutput('onPreToolUse', { exitCode: 0, stderr: '', stdout: JSON.stringify({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'ask', permissionDecisionReason: reason } }) });
        const merger = new DecisionMerger();
        merger.add(outcome.decision);
        assert.notEqual(merger.result().asked, undefined, 'an ask stays an ask');
      }),
      { numRuns: 1000 },
    );
  });
});

describe('fuzzing the in-process decision validator', () => {
  it('accepts or explains any value, and what it accepts merges', () => {
    fc.assert(
      fc.property(fc.constantFrom(...WIRES), fc.oneof(fc.anything(), fc.record({ decision: fc.anything(), reason: fc.anything(), additionalContext: fc.anything(), updatedInput: fc.anything(), continue: fc.anything() }, { requiredKeys: [] })), (wire, value) => {
        const problem = decisionProblem(wire, value);
        if (problem !== undefined) {
          assert.ok(problem.length > 0, 'a problem is described');
          return;
        }
        const merger = new DecisionMerger();
        merger.add(value);
        merger.result();
      }),
      { numRuns: RUNS },
    );
  });
});
