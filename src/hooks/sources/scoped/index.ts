/**
 * Scoped hooks: component scope (`component('tool').on(…)`, every instance of a kind) and
 * instance scope (the `hooks` option of `new Agent()`, `getModel()` and `defineTool()`).
 * @module
 */
export { component, ComponentHooks, componentHooks, type ComponentHookOptions, type ComponentHooksMeta } from './component.ts';
export { isHooksInstance } from './entries.ts';
export { InstanceHooks } from './instance-hooks.ts';
export {
  COMPONENT_KINDS,
  type ComponentKind,
  SCOPED_EVENTS,
  type ScopedEventName,
  type ScopedHookMap,
  type ScopedHookName,
  type ScopedHookOptions,
  type ScopedHooksInput,
} from './kinds.ts';
