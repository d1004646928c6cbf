/**
 * The hook system's public surface.
 * @module
 */
export { hasApiKeyOverride, overrideApiKey } from './api-key.ts';
export type { BackgroundStats } from './background.ts';
export { type EmitEvent, getHookBus, HookBus, type HookRegistration, resetHookBus } from './bus.ts';
export {
  type AliasMap,
  type CanonicalOf,
  type Capability,
  catalog,
  type DecideEvent,
  EVENT_NAMES,
  type EventLevel,
  type EventSpec,
  eventForWireName,
  eventSpec,
  type HookAliasName,
  type HookEventName,
  type HookName,
  isHookEventName,
  type ObserveEvent,
  type PayloadOf,
  resolveEventName,
  type ResultOf,
  type WireName,
} from './catalog.ts';
export { DecisionMerger, type HookDecision, isMergedDecision, joinReasons, type MergedDecision, NO_DECISION, type PermissionDecision, type ToolUseDecision } from './decision.ts';
export type { HandlerEntry, HookPolicy, HookSource, OnHookError, PolicyFor } from './handler.ts';
export { type HandlerResult, type HookHandler, type HookMethods, Hooks, type HooksClass, isHooksClass, type MaybePromise } from './hooks-class.ts';
export type * from './payloads/agent.ts';
export type * from './payloads/eval.ts';
export type * from './payloads/model.ts';
export { discoverPlugins, type PluginPackage } from './plugins.ts';
export { createHandlerEntry, type HookMeta, hooks, type HooksDecorator, type HooksFactory, on, type OnOptions, registerHooks, type RegisteredHooks, type Unregister, unregisterHooks, type ValidHooksClass } from './register.ts';
export { DEFAULT_HOOK_TIMEOUT_MS, defaultHookTimeoutMs, setDefaultHookTimeout } from './timeout.ts';
export { bannerText, checkRequiredHooks, flushHooks, hooksStarted, initHooks, type InitHooksOptions, loadedPlugins, requiredHookNames, type StartupCommandHooks } from './startup.ts';
export { type AnyDefinedEvent, type DefinedDecisionEvent, type DefinedEvent, type DefinedEventScope, type DefinedHandler, type DefinedPayloadOf, defineEvent, type DefineEventOptions } from './user-events.ts';
