/**
 * `hookline view [DIR] [--port N] [--host H]`: serves a log folder with Inspect's log viewer
 * until interrupted.
 * @module
 */
import { parseArgs } from 'node:util';
import { viewerAssetsDir } from '../../view/assets.ts';
import { DEFAULT_VIEW_PORT, startViewServer } from '../../view/server.ts';
import { LOG_DIR_ENV } from './log.ts';

const help = `Usage: hookline view [DIR] [--port N] [--host HOST]
  Serves the logs in DIR (default $${LOG_DIR_ENV} or ./logs) with Inspect's log viewer.
  --port N      port to listen on (default ${DEFAULT_VIEW_PORT}; 0 picks a free one)
  --host HOST   address to listen on (default 127.0.0.1; other hosts can then reach your logs)`;

/** `hookline view`: serves until SIGINT/SIGTERM, then returns 0; 2 for bad arguments. */
export async function viewCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { port: { type: 'string' }, host: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    process.stderr.write(`hookline view: ${(error as Error).message}\n${help}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    process.stdout.write(`${help}\n`);
    return 0;
  }
  if (positionals.length > 1) {
    process.stderr.write(`hookline view: expected at most one log folder, got ${positionals.length}\n${help}\n`);
    return 2;
  }
  const port = values.port === undefined ? DEFAULT_VIEW_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`hookline view: --port must be a whole number from 0 to 65535, got '${values.port}'\n`);
    return 2;
  }
  const logDir = positionals[0] ?? process.env[LOG_DIR_ENV] ?? './logs';
  const server = await startViewServer({ logDir, assetsDir: viewerAssetsDir(), port, ...(values.host === undefined ? {} : { host: values.host }) });
  process.stdout.write(`hookline view: serving ${logDir} at ${server.url} (Ctrl+C to stop)\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
  return 0;
}
