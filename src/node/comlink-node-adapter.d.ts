// comlink ships its Node adapter's types as node-adapter.d.ts beside node-adapter.mjs, which a
// path with the extension (the one Node resolves: the package has no exports map) does not find.
declare module 'comlink/dist/esm/node-adapter.mjs' {
  import type { Endpoint } from 'comlink';
  import type { MessagePort, Worker } from 'node:worker_threads';
  export default function nodeEndpoint(endpoint: MessagePort | Worker): Endpoint;
}
