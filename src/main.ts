import { createEngineClient } from './app/engine-client.ts';
import { readRunParams } from './app/run-params.ts';
import { createHud } from './view/hud.ts';
import type { SnapshotListener } from './worker/protocol.ts';
import * as Comlink from 'comlink';

const params = readRunParams(new URLSearchParams(location.search));
const hud = createHud(document.querySelector<HTMLElement>('#hud')!);
const engine = createEngineClient();

async function start(): Promise<void> {
  hud.update({ state: 'generating', k: params.k, message: `Generating ${params.n.toLocaleString('en-US')} customers…` });
  const data = await engine.host.generate({ n: params.n, seed: params.seed, separation: params.separation });
  hud.update({ state: 'running', customers: data.n, message: '' });
  const outcome = await engine.host.fit(
    { k: params.k, init: params.init, nInit: params.nInit, maxIter: params.maxIter, tol: params.tol, seed: params.seed, backend: params.backend, labelsEachIteration: false },
    Comlink.proxy<SnapshotListener>((snapshot, backend) => {
      hud.update({
        state: 'running', backend, iteration: snapshot.iteration, inertia: snapshot.inertia, shift: snapshot.shift,
        changed: snapshot.changed, msPerIteration: snapshot.ms,
      });
    }),
  );
  const { result } = outcome;
  hud.update({
    state: result.converged ? 'converged' : 'stopped',
    backend: result.backend,
    iteration: result.iterations,
    inertia: result.inertia,
    msPerIteration: result.msPerIteration,
    message: outcome.fallbackReason ? `Running on the CPU: ${outcome.fallbackReason.replace(/^running on the CPU because /, '')}.` : '',
  });
}

start().catch((error: unknown) => {
  hud.update({ state: 'error', message: `Something went wrong: ${error instanceof Error ? error.message : String(error)}` });
});
