/**
 * Datasets: samples from memory, JSON / JSON Lines files and CSV files.
 * @module
 */
export type { LoadedDataset, SelectOptions } from './build.ts';
export { csvDataset, type CsvDatasetOptions } from './csv.ts';
export { DatasetError, type SampleSource } from './errors.ts';
export type { FieldSpec, RecordOptions, RecordToSample } from './fields.ts';
export { jsonDataset, type JsonDatasetOptions } from './json.ts';
export { memoryDataset, type MemoryDatasetOptions } from './memory.ts';
