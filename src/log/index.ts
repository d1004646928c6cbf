/**
 * `hookline/log`: eval logs compatible with Inspect AI: types, the incremental writer (`.eval` and `.json`),
 * the reader, log listing and eval-set bookkeeping.
 * @module
 */
export type * from '../types/log.ts';
export type * from '../types/events.ts';
export { createLogWriter } from './create-writer.ts';
export type { LogFinish, LogWriter, LogWriterOptions } from './writer.ts';
export { LogError } from './errors.ts';
export { parseJson, serializeJson } from './json.ts';
export {
  assertLoggableSampleId,
  cleanNamePart,
  jsonJournalPath,
  LOG_FILE_PATTERN_ENV,
  logFileName,
  sampleMemberName,
  sortSamples,
  type LogFormat,
} from './names.ts';
export { detectLogFormat, readEvalLog, readEvalLogSamples, type ReadEvalLogOptions } from './reader.ts';
export { isLogFileName, listEvalLogs } from './list.ts';
export { LOG_DIR_MANIFESTS, logDirManifest, writeLogDirManifest } from './manifest.ts';
export { toSampleSummary } from './summary.ts';
export {
  EVAL_SET_ID_FILE,
  EVAL_SET_MANIFEST_FILE,
  readEvalSetManifest,
  resolveEvalSetId,
  writeEvalSetManifest,
} from './eval-set.ts';
export { logToWire, sampleToWire, summaryToWire } from './wire.ts';
