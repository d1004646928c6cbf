/**
 * The tool layer: defining tools, running tool calls with their hooks, and the built-ins.
 * @module
 */
export * from './builtin/index.ts';
export { defineTool, isTool } from './define-tool.ts';
export {
  blockedToolText,
  executeToolCall,
  executeToolCalls,
  POST_TOOL_STOP_TEXT,
  SKIPPED_TOOL_TEXT,
  type ToolBatchOutcome,
  type ToolCallOutcome,
} from './execute.ts';
export { capText, resultText } from './format.ts';
export type { HookContextEvent, HookContextText, ToolCallScope } from './scope.ts';
export { isToolError, ToolDefinitionError, ToolError } from './tool-error.ts';
export type { JsonValue, Tool, ToolArgs, ToolArgsCheck, ToolContext, ToolDefinition, ToolParameters, ToolResult } from './types.ts';
