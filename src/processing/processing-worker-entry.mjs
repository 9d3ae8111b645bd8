// The processing worker's entry point: plain JavaScript, because a worker thread starts without
// the TypeScript loader its parent registered. It registers tsx, then loads the worker itself.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
