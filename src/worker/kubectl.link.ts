// kubectl as src/sim/cluster.ts gets it at start-up, outside the browser (Node: the CLI, the tests,
// the benchmarks): linked in. The browser build resolves `#kubectl-link` to kubectl.link.browser.ts
// instead (package.json "imports"), so the Web Worker's first script holds no kubectl: the worker
// sets it with Cluster.useKubectl once its tools chunk has loaded after `ready` (cluster.worker.ts).

import { runKubectl, startKubectl } from '../sim/kubectl';
import { applyText } from '../sim/kubectl/apply';
import type { KubectlTools } from '../sim/cluster';

export const linkedKubectl: KubectlTools | undefined = { runKubectl, startKubectl, applyText };
