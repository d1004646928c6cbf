/**
 * Loads the OTLP tracer provider module on first use. Its OpenTelemetry SDK packages are
 * optional peer dependencies of hookline: only users who export spans over OTLP install them.
 * @module
 */
import { errorMessage, PrerequisiteError } from '../../errors.ts';
import type { OtlpProviderOptions, OwnedTracerProvider } from './provider-types.ts';

/** What the provider module offers. */
export interface OtlpProviderModule {
  readonly createOtlpTracerProvider: (options?: OtlpProviderOptions) => OwnedTracerProvider;
}

/** The optional packages the OTLP provider imports. */
export const OTLP_PACKAGES = [
  '@opentelemetry/sdk-trace-base',
  '@opentelemetry/exporter-trace-otlp-http',
  '@opentelemetry/resources',
  '@opentelemetry/context-async-hooks',
] as const;

function missingPackage(error: unknown): string | undefined {
  if ((error as { code?: unknown } | null)?.code !== 'ERR_MODULE_NOT_FOUND') return undefined;
  const message = errorMessage(error);
  return OTLP_PACKAGES.find((name) => message.includes(`'${name}'`));
}

/**
 * Imports the provider module. When one of its packages is not installed, throws a
 * {@link PrerequisiteError} that names it and gives the install command.
 */
export async function loadOtlpProviderModule(): Promise<OtlpProviderModule> {
  try {
    return await import('./provider.ts');
  } catch (error) {
    const missing = missingPackage(error);
    if (missing === undefined) throw error;
    throw new PrerequisiteError(
      `Exporting spans over OTLP needs the package '${missing}', which is not installed. ` +
        `Install the OpenTelemetry SDK packages next to hookline: npm install ${OTLP_PACKAGES.join(' ')}`,
      { cause: error },
    );
  }
}
