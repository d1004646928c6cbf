/**
 * Validation against Inspect's log schema (test helper): ajv's Draft 2020-12 build with
 * `strict: false` (the OpenAPI `discriminator` keyword) and ajv-formats.
 * @module
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/** Schema types a log file's parts are validated against. */
export type SchemaType = 'EvalLog' | 'EvalSample' | 'EvalSampleSummary' | 'EvalSampleReductions' | 'EvalSet' | 'EvalSpec' | 'EvalPlan';

const schemaPath = new URL('../fixtures/log/inspect-log-schema.json', import.meta.url);
let ajv: Ajv2020 | undefined;
const validators = new Map<SchemaType, ValidateFunction>();

function validator(type: SchemaType): ValidateFunction {
  if (ajv === undefined) {
    const document = JSON.parse(readFileSync(schemaPath, 'utf8')) as { components: { schemas: Record<string, { required?: string[] }> } };
    // Schema quirk: JSONSchema.default is typed `Any`, so the generator marks it required
    // ("not nullable"), yet Inspect omits it (exclude_none) in every tool parameter without a
    // default. Tool parameter schemas are user data and are logged verbatim, so drop that rule.
    const jsonSchema = document.components.schemas.JSONSchema;
    if (jsonSchema !== undefined) jsonSchema.required = (jsonSchema.required ?? []).filter((field) => field !== 'default');
    // The same quirk for JsonChange.replaced (`JsonValue = None`): Inspect omits it on `add`.
    const jsonChange = document.components.schemas.JsonChange;
    if (jsonChange !== undefined) jsonChange.required = (jsonChange.required ?? []).filter((field) => field !== 'replaced');
    ajv = new Ajv2020({ strict: false, allErrors: true });
    const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
    addFormats(ajv);
    ajv.addSchema({ $id: 'inspect', components: document.components });
  }
  let validate = validators.get(type);
  if (validate === undefined) {
    validate = ajv.compile({ $ref: `inspect#/components/schemas/${type}` });
    validators.set(type, validate);
  }
  return validate;
}

/** Returns the schema errors of a wire (snake_case) value, as readable lines; [] when valid. */
export function validateLog(value: unknown, type: SchemaType = 'EvalLog'): string[] {
  const validate = validator(type);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${type}${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
