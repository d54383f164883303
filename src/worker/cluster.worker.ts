/// <reference lib="webworker" />
// The Web Worker entry: one WorkerHost owning one Cluster. This directory is the only place that
// reads wall time (performance.now, Date.now, timers); src/sim never does.
// kubectl, the YAML parser and the editor's commands (tools.ts, half the worker's code) are a
// chunk of their own, loaded after `ready`: the first picture waits only for the simulation.

import { Cluster } from '../sim/cluster';
import { bootFromName } from './bootname';
import { WorkerHost } from './host.core';
import type { FromWorker } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

const host = new WorkerHost({
  post: (msg: FromWorker, transfer?: Transferable[]) => scope.postMessage(msg, transfer ?? []),
  wallNow: () => performance.now(),
  dateNow: () => Date.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  createCluster: (opts) => new Cluster(opts),
  restoreCluster: (snapshot) => Cluster.restore(snapshot, { adopt: true }),
  tools: () =>
    import('./tools').then((tools) => {
      // Cluster's kubectl methods run it from now on (src/sim/cluster.ts links none in the browser).
      Cluster.useKubectl(tools);
      return tools;
    }),
});

// Started with its boot in the name (by index.html's script or the page's entry): boot now,
// before any message (bootname.ts).
const boot = bootFromName(scope.name);
if (boot) host.handle(boot);
scope.addEventListener('message', (e: MessageEvent) => host.handle(e.data));
