/**
 * Type-level tests of user-defined events: `npm run typecheck` fails if a wrong payload, a
 * decision on an observe event, or an unlisted class method compiles. The runtime part only
 * makes sure the file is loaded by the test runner.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Hooks } from '../../src/hooks/hooks-class.ts';
import { hooks, on } from '../../src/hooks/register.ts';
import { component } from '../../src/hooks/sources/scoped/component.ts';
import { defineEvent } from '../../src/hooks/user-events.ts';

interface Deployed {
  readonly service: string;
}

const deployed = defineEvent<Deployed>()({ name: 'onDeployed', when: 'A service is deployed.' });
const beforeDeploy = defineEvent<Deployed>()({ name: 'onBeforeDeploy', decision: true, when: 'Before a deploy.' });

function typeChecks(): void {
  on(deployed, (p) => {
    const service: string = p.service;
    // @ts-expect-error: Deployed has no version field
    void p.version;
    void service;
  });
  // @ts-expect-error: an observe event's handler returns no decision
  on(deployed, () => ({ decision: 'block' }));
  on(beforeDeploy, () => ({ decision: 'block', reason: 'frozen' }));
  // @ts-expect-error: the payload must match the declared type
  void deployed.emit(() => ({ service: 1 }));
  // @ts-expect-error: an observe event has no decide()
  void deployed.decide;
  component('tool').on(deployed, ({ service }) => {
    void service;
  });

  class DeployHooks extends Hooks {
    onDeployed(data: Deployed): void {
      void data;
    }
  }
  hooks({ name: 'deploy', events: [deployed] }, DeployHooks);
  // @ts-expect-error: 'onDeployed' is not a catalog event, and the meta does not list the defined event
  hooks({ name: 'deploy-unlisted' }, DeployHooks);
  // @ts-expect-error: the listed event is another one
  hooks({ name: 'deploy-other', events: [beforeDeploy] }, DeployHooks);
}

it('compiles the type-level checks of user-defined events', () => {
  assert.equal(typeof typeChecks, 'function', 'the checks exist to be compiled');
});
