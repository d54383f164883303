// Stands in for src/sim/kubectl (and kubectl/apply) as src/sim/cluster.ts imports them, in the Web
// Worker's build only (the `lazyWorkerKubectl` plugin of vite.config.ts): Cluster's kubectl
// methods forward here, and the worker installs the real functions once its tools chunk has
// loaded. The worker host holds every message that needs them until then (toolgate.ts), so
// nothing reaches `need()` early; if something did, it gets an error, not a wrong answer.

import type { applyText as ApplyText } from '../sim/kubectl/apply';
import type { runKubectl as RunKubectl, startKubectl as StartKubectl } from '../sim/kubectl';

interface KubectlImpl {
  runKubectl: typeof RunKubectl;
  startKubectl: typeof StartKubectl;
  applyText: typeof ApplyText;
}

let impl: KubectlImpl | undefined;

export function installKubectl(real: KubectlImpl): void {
  impl = real;
}

function need(): KubectlImpl {
  if (!impl) throw new Error('kubectl has not loaded yet');
  return impl;
}

export const runKubectl: typeof RunKubectl = (...a) => need().runKubectl(...a);
export const startKubectl: typeof StartKubectl = (...a) => need().startKubectl(...a);
export const applyText: typeof ApplyText = (...a) => need().applyText(...a);
