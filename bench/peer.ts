// The peer: @ngrok/webernetes running the same deploy-1k workload (50 nodes, one Deployment of
// 1,000 replicas, from apply to all pods Ready) in this process.
//
// The package is published for bundlers (extensionless and directory imports in dist/), so Node
// cannot import it as is (ERR_MODULE_NOT_FOUND '.../dist/clock'). We bundle it for Node with
// esbuild (Vite's and tsx's dependency) into node_modules/.cache and import the bundle.
// Its clock runs at wall speed: virtual time is wall time.
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Probe, RunResult } from './scenarios';

export const PEER_NAME = '@ngrok/webernetes';

interface PeerModule {
  Cluster: new (opts?: { nodes?: number }) => PeerCluster;
}
interface PeerCluster {
  init(): Promise<void>;
  apply(resources: readonly unknown[]): Promise<unknown>;
  informer(resource: 'pods', cb: (type: 'add' | 'update' | 'delete', obj: PeerPod) => void, opts?: { namespace?: string; onError?: (e: unknown) => void }): { stop(): Promise<void> | void };
  close(): Promise<void>;
  clock: { nowMs(): number };
}
interface PeerPod {
  metadata?: { name?: string; deletionTimestamp?: unknown };
  status?: { conditions?: { type: string; status: string }[] };
}

let loaded: Promise<PeerModule> | undefined;

/** Bundles (once, cached by the package's mtime) and imports the peer. */
export function loadPeer(): Promise<PeerModule> {
  loaded ??= (async () => {
    // Its exports map has only an "import" condition and no ./package.json: resolve the entry.
    const entry = fileURLToPath(import.meta.resolve(PEER_NAME));
    const pkgDir = path.resolve(path.dirname(entry), '..');
    const pkgJson = path.join(pkgDir, 'package.json');
    const version = (JSON.parse(readFileSync(pkgJson, 'utf8')) as { version: string }).version;
    const outDir = path.join(process.cwd(), 'node_modules', '.cache', 'kubeplay-bench');
    const out = path.join(outDir, `webernetes-${version}.mjs`);
    if (!existsSync(out) || statSync(out).mtimeMs < statSync(pkgJson).mtimeMs) {
      mkdirSync(outDir, { recursive: true });
      const esbuild = (await import('esbuild')) as typeof import('esbuild');
      await esbuild.build({
        entryPoints: [entry],
        bundle: true,
        platform: 'node',
        format: 'esm',
        outfile: out,
        logLevel: 'error',
      });
    }
    return (await import(pathToFileURL(out).href)) as PeerModule;
  })();
  return loaded;
}

// pause is among the images the peer registers; kubeplay runs any image name.
export const PEER_IMAGE = 'registry.k8s.io/pause:3.10';

function deployment(replicas: number): unknown {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'app', image: PEER_IMAGE, resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
      },
    },
  };
}

/** Untimed: load and boot a 50-node peer cluster. Timed `run`: apply, wait until 1,000 pods are Ready. */
export async function preparePeerDeploy(replicas: number, nodes: number, timeoutMs: number): Promise<{ run(probe: Probe): Promise<RunResult> }> {
  const mod = await loadPeer();
  const cluster = new mod.Cluster({ nodes });
  await cluster.init();
  return {
    async run(probe: Probe): Promise<RunResult> {
      const ready = new Set<string>();
      let resolveDone!: () => void;
      const allReady = new Promise<void>((r) => (resolveDone = r));
      let informerError: unknown;
      const informer = cluster.informer(
        'pods',
        (type, pod) => {
          const name = pod.metadata?.name ?? '';
          const isReady = type !== 'delete' && !pod.metadata?.deletionTimestamp && pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
          if (isReady) ready.add(name);
          else ready.delete(name);
          if (ready.size >= replicas) resolveDone();
        },
        { namespace: 'default', onError: (e) => (informerError = e) },
      );
      const start = cluster.clock.nowMs();
      await cluster.apply([deployment(replicas)]);
      const sampler = setInterval(() => probe.sample(), 250);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
      const outcome = await Promise.race([allReady.then(() => 'done' as const), timedOut]);
      clearTimeout(timer);
      clearInterval(sampler);
      const virtualMs = cluster.clock.nowMs() - start;
      const count = ready.size;
      await informer.stop();
      await cluster.close();
      return {
        nodes,
        pods: count,
        virtualMs,
        ...(outcome === 'done'
          ? {}
          : { incomplete: `${count}/${replicas} pods Ready after the ${timeoutMs} ms timeout${informerError ? `; informer error: ${String(informerError)}` : ''}` }),
      };
    },
  };
}
