/**
 * Helpers of the log tests: reading `.eval` members and validating them.
 * @module
 */
import assert from 'node:assert/strict';
import { parseJson } from '../../src/log/json.ts';
import { ZipReader } from '../../src/log/zip/reader.ts';
import { validateLog } from './schema.ts';

/** One member of an `.eval` archive, parsed. */
export interface Member {
  name: string;
  method: number;
  value: unknown;
}

/** Returns every member of an `.eval` archive in archive order, parsed as JSON. */
export async function readMembers(path: string): Promise<Member[]> {
  const zip = await ZipReader.open(path);
  try {
    const members: Member[] = [];
    for (const [name, entry] of zip.entries) members.push({ name, method: entry.method, value: parseJson((await zip.read(name)).toString('utf8')) });
    return members;
  } finally {
    await zip.close();
  }
}

/** Asserts that every member of an `.eval` archive validates against Inspect's schema. */
export function assertMembersValid(members: readonly Member[]): void {
  for (const { name, value } of members) {
    let errors: string[];
    if (name === 'header.json') errors = validateLog(value, 'EvalLog');
    else if (name.startsWith('samples/')) errors = validateLog(value, 'EvalSample');
    else if (name === 'summaries.json' || name.startsWith('_journal/summaries/')) {
      assert.ok(Array.isArray(value), `${name} is a list`);
      errors = value.flatMap((v: unknown) => validateLog(v, 'EvalSampleSummary'));
    } else if (name === 'reductions.json') {
      assert.ok(Array.isArray(value), `${name} is a list`);
      errors = value.flatMap((v: unknown) => validateLog(v, 'EvalSampleReductions'));
    } else if (name === '_journal/start.json') {
      const start = value as { version: unknown; eval: unknown; plan: unknown };
      assert.equal(start.version, 2);
      errors = [...validateLog(start.eval, 'EvalSpec'), ...validateLog(start.plan, 'EvalPlan')];
    } else {
      assert.fail(`unexpected member ${name}`);
    }
    assert.deepEqual(errors, [], `${name} validates`);
  }
}
