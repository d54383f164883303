// The worker host with its tools (kubectl, YAML, the editor's commands) linked in: what Node, the
// CLI and the tests use. The Web Worker uses host.core.ts's WorkerHost and loads the tools as a
// chunk of their own after `ready` (cluster.worker.ts), so the first picture does not wait for them.

import * as tools from './tools';
import { WorkerHost as WorkerHostCore, type HostDeps } from './host.core';

export { FRAME_MS, SNAPSHOT_AFTER_COMMAND_MS, SNAPSHOT_COST_FACTOR, SNAPSHOT_PERIOD_MS } from './host.core';
export type { HostDeps } from './host.core';

export class WorkerHost extends WorkerHostCore {
  constructor(deps: HostDeps) {
    super({ tools, ...deps });
  }
}
