/**
 * Start-up contributions: work that layers above the hook engine add to `initHooks()` without
 * the engine importing them. The built-in integrations register theirs (`integrations/startup.ts`,
 * imported by the package's entry points and the CLI); start-up runs each, in registration order,
 * after plugins load and before command hooks, when one of its environment variables is set.
 * @module
 */

/** What a start-up contribution receives. */
export interface StartupContext {
  /** Where start-up discovers plugins and finds the project (undefined: the current directory). */
  readonly cwd: string | undefined;
  readonly env: NodeJS.ProcessEnv;
}

/** One piece of start-up work contributed from above the hook engine. */
export interface StartupContribution {
  /** Unique name; registering the same name again replaces the earlier contribution in its place. */
  readonly name: string;
  /** Start-up calls {@link StartupContribution.start} only when one of these is set (so unused integrations cost nothing). */
  readonly envVars: readonly string[];
  /** Called once per start-up when one of its variables is set; may register hooks. A throw fails start-up. */
  start(context: StartupContext): Promise<void>;
}

const contributions: StartupContribution[] = [];

/** Adds (or replaces, by name) a start-up contribution; called at module load by the layer that owns it. */
export function registerStartupContribution(contribution: StartupContribution): void {
  const index = contributions.findIndex((c) => c.name === contribution.name);
  if (index >= 0) contributions[index] = contribution;
  else contributions.push(contribution);
}

/** Called by start-up: runs every contribution whose variables are set, in registration order. */
export async function runStartupContributions(context: StartupContext): Promise<void> {
  for (const contribution of [...contributions]) {
    if (contribution.envVars.some((name) => context.env[name] !== undefined)) await contribution.start(context);
  }
}
