// A worker thread starts without the TypeScript loader its parent has (as in
// src/processing/processing-worker-entry.mjs): register tsx, then load the worker's module.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
