// The bundle the harness pages load: the size entry plus axios's AxiosError,
// which an in-process transport stub needs to answer a 4xx the way axios's
// own adapters do. Both are in the size bundle already; only the export is new.
export * from './sdk.js';
export { AxiosError } from 'axios';
