// `kubeplay ...` lines: simulator controls with no kubectl equivalent (faults, nodes, traffic).
// Each control prints one line saying what it did. Issues add their controls to CONTROLS.
import type { Cluster } from './cluster';
import { tokenize } from './kubectl/args';
import { dnsControl, portForwardControl, trafficControl } from './network/controls';
import { nodeControl, podControl, zoneControl } from './node/lifecycle/controls';

export interface ControlResult {
  output: string;
  exitCode: number;
}

type Control = (cluster: Cluster, args: string[]) => string;

export const CONTROLS: Record<string, Control> = {
  traffic: trafficControl,
  dns: dnsControl,
  'port-forward': portForwardControl,
  node: nodeControl,
  zone: zoneControl,
  pod: podControl,
  time: (cluster) => `virtual time is ${new Date(cluster.nowMs).toISOString().replace('.000Z', 'Z')}`,
};

export function runControl(cluster: Cluster, line: string): ControlResult {
  let words: string[];
  try {
    words = tokenize(line);
  } catch (e) {
    return { output: `kubeplay: ${(e as Error).message}\n`, exitCode: 1 };
  }
  if (words[0] === 'kubeplay') words = words.slice(1);
  const [name, ...args] = words;
  const fn = name ? CONTROLS[name] : undefined;
  if (!fn) {
    return { output: `kubeplay: unknown control "${name ?? ''}" (available: ${Object.keys(CONTROLS).sort().join(', ')})\n`, exitCode: 1 };
  }
  try {
    return { output: `${fn(cluster, args)}\n`, exitCode: 0 };
  } catch (e) {
    return { output: `kubeplay: ${(e as Error).message}\n`, exitCode: 1 };
  }
}
