// kubectl as src/sim/cluster.ts gets it at start-up in the browser: not yet (see kubectl.link.ts).

import type { KubectlTools } from '../sim/cluster';

export const linkedKubectl: KubectlTools | undefined = undefined;
