/**
 * `defineTool()`: turns a definition into a {@link Tool} whose arguments are validated against
 * its JSON Schema, and announces it with `onToolCreate`.
 * @module
 */
import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { emitIf } from '../hooks/emit.ts';
import { errorMessage } from '../errors.ts';
import type { ComponentRef } from '../hooks/payloads/model.ts';
import { InstanceHooks } from '../hooks/sources/scoped/instance-hooks.ts';
import type { ToolInfo, ToolParams } from '../types/model.ts';
import { NO_CONTEXT } from '../runtime/context.ts';
import { shortUuid } from '../util/ids.ts';
import { warn } from '../runtime/warnings.ts';
import { ToolDefinitionError } from './tool-error.ts';
import type { Tool, ToolArgs, ToolArgsCheck, ToolContext, ToolDefinition, ToolResult } from './types.ts';

const NAME = /^[A-Za-z0-9_-]{1,64}$/;

let ajv: Ajv | undefined;

function validator(): Ajv {
  if (ajv === undefined) {
    // Loaded on the first tool definition, not at start-up: ajv takes about 50 ms to load, and
    // most runs (every eval without tools, every `hookline` subcommand) never validate a schema.
    const { Ajv: AjvClass } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
    // strict:false accepts the extra keywords models' schemas often carry; defaults are filled in.
    ajv = new AjvClass({ allErrors: true, strict: false, useDefaults: true });
  }
  return ajv;
}

function describeErrors(errors: readonly ErrorObject[] | null | undefined): string {
  if (errors === null || errors === undefined || errors.length === 0) return 'invalid arguments';
  return errors
    .map((e) => {
      const where = e.instancePath === '' ? 'arguments' : `'${e.instancePath.slice(1).replaceAll('/', '.')}'`;
      if (e.keyword === 'additionalProperties') {
        return `${where} has an unknown property '${String((e.params as { additionalProperty?: unknown }).additionalProperty)}'`;
      }
      return `${where} ${e.message ?? 'is invalid'}`;
    })
    .join('; ');
}

function normaliseParameters(name: string, parameters: ToolDefinition['parameters']): ToolParams {
  if (parameters === null || typeof parameters !== 'object' || parameters.type !== 'object') {
    throw new ToolDefinitionError(`Tool '${name}': parameters must be a JSON Schema with type 'object'. Wrap the arguments in { type: 'object', properties: { … } }.`);
  }
  return {
    ...parameters,
    type: 'object',
    properties: { ...(parameters.properties ?? {}) },
    required: [...(parameters.required ?? [])],
  };
}

function compile(name: string, schema: ToolParams): ValidateFunction {
  try {
    return validator().compile(schema);
  } catch (error) {
    throw new ToolDefinitionError(`Tool '${name}': parameters is not a valid JSON Schema: ${errorMessage(error)}. Fix the schema.`, { cause: error });
  }
}

function announce(tool: Tool): void {
  // A tool's creation belongs to no session: only its own instance hooks (and global ones) apply.
  const pending = emitIf('onToolCreate', () => ({ component: tool.component, toolName: tool.name, description: tool.description }), tool.hooks.handlers, NO_CONTEXT);
  if (pending !== undefined) {
    pending.catch((error: unknown) => {
      warn(`onToolCreate for tool '${tool.name}' failed: ${errorMessage(error)}`, 'tools', error);
    });
  }
}

/**
 * Returns a {@link Tool} built from a definition; fires `onToolCreate` (the definition's own
 * `hooks` included: they are attached first). Arguments the model sends
 * are checked against `parameters` (with ajv) before every call; bad arguments become a tool
 * error the model sees, never a crash.
 *
 * @example
 * ```ts
 * const add = defineTool({
 *   name: 'add', description: 'Adds two numbers',
 *   parameters: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] },
 *   execute: ({ a, b }: { a: number; b: number }) => a + b,
 * });
 * ```
 */
export function defineTool<A extends ToolArgs = ToolArgs>(definition: ToolDefinition<A>): Tool<A> {
  const { name, description } = definition;
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new ToolDefinitionError(`Tool name ${JSON.stringify(name)} is invalid. Use 1-64 letters, digits, '_' or '-'.`);
  }
  if (typeof description !== 'string') {
    throw new ToolDefinitionError(`Tool '${name}': description must be a string. Tell the model what the tool does.`);
  }
  if (typeof definition.execute !== 'function') {
    throw new ToolDefinitionError(`Tool '${name}': execute must be a function.`);
  }
  const parameters = normaliseParameters(name, definition.parameters);
  const check = compile(name, parameters);
  const info: ToolInfo = { name, description, parameters };
  const run = definition.execute.bind(definition);
  const component: ComponentRef = Object.freeze({ kind: 'tool', name, id: shortUuid() });
  const tool: Tool<A> = {
    name,
    description,
    info,
    component,
    hooks: new InstanceHooks<'tool'>(component, definition.hooks),
    validate(args: unknown): ToolArgsCheck<A> {
      const copy: unknown = args === null || typeof args !== 'object' ? args : structuredClone(args);
      if (check(copy)) return { ok: true, value: copy as A };
      return { ok: false, error: describeErrors(check.errors) };
    },
    async execute(args: A, context: ToolContext): Promise<ToolResult> {
      return await run(args, context);
    },
    ...(definition.resultText === undefined ? {} : { resultText: definition.resultText }),
  };
  announce(tool);
  return tool;
}

/** Tells whether a value looks like a defined {@link Tool} (structural: works across copies). */
export function isTool(value: unknown): value is Tool {
  if (value === null || typeof value !== 'object') return false;
  const t = value as Partial<Tool>;
  return typeof t.name === 'string' && typeof t.validate === 'function' && typeof t.execute === 'function' && typeof t.info === 'object';
}
