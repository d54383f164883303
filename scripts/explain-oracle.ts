// A minimal fake API server for checking kubeplay's `kubectl explain` against the real kubectl
// binary: it serves discovery and /openapi/v3 documents built from the same schemas kubeplay
// prints, so any difference in the output is a difference in the printer, not in the data.
//
//   npx tsx scripts/explain-oracle.ts deployment.spec.strategy [--recursive]
// prints the real kubectl's output (needs a kubectl binary on PATH or in $KUBECTL).

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILTIN_KINDS, type KindInfo } from '../src/sim/api/kinds.ts';
import { expandSchema, type ExplainData } from '../src/sim/kubectl/explain/format.ts';

export interface Oracle {
  url: string;
  /** kubectl's discovery cache for this server. */
  cacheDir: string;
  close(): Promise<void>;
}

/** Starts the fake server on a free port. */
export async function startOracle(data: ExplainData, kinds: readonly KindInfo[] = BUILTIN_KINDS): Promise<Oracle> {
  const schemas = Object.fromEntries(Object.entries(data.components).map(([k, v]) => [k, expandSchema(v)]));
  const groupVersions = new Map<string, KindInfo[]>();
  for (const k of kinds) {
    for (const v of [k.version, ...(k.otherVersions ?? [])]) {
      const gv = k.group ? `${k.group}/${v}` : v;
      groupVersions.set(gv, [...(groupVersions.get(gv) ?? []), k]);
    }
  }
  const json = (res: import('node:http').ServerResponse, body: unknown) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/api') return json(res, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] });
    if (path === '/apis') {
      const groups = new Map<string, string[]>();
      for (const gv of groupVersions.keys()) {
        if (!gv.includes('/')) continue;
        const [g, v] = gv.split('/');
        groups.set(g, [...(groups.get(g) ?? []), v]);
      }
      return json(res, {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: [...groups].map(([name, versions]) => ({
          name,
          versions: versions.map((version) => ({ groupVersion: `${name}/${version}`, version })),
          preferredVersion: { groupVersion: `${name}/${versions[0]}`, version: versions[0] },
        })),
      });
    }
    const gvMatch = /^\/(?:api\/(v1)|apis\/([^/]+\/[^/]+))$/.exec(path);
    if (gvMatch) {
      const gv = gvMatch[1] ?? gvMatch[2];
      return json(res, {
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: gv,
        resources: (groupVersions.get(gv) ?? []).map((k) => ({
          name: k.plural,
          singularName: k.singular,
          namespaced: k.namespaced,
          kind: k.kind,
          verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
          shortNames: k.shortNames.length ? k.shortNames : undefined,
        })),
      });
    }
    if (path === '/openapi/v3') {
      const paths: Record<string, { serverRelativeURL: string }> = {};
      for (const gv of groupVersions.keys()) {
        const p = gv.includes('/') ? `apis/${gv}` : `api/${gv}`;
        paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=0` };
      }
      return json(res, { paths });
    }
    const docMatch = /^\/openapi\/v3\/(?:api\/(v1)|apis\/([^/]+\/[^/]+))$/.exec(path);
    if (docMatch) {
      const gv = docMatch[1] ?? docMatch[2];
      const [group, version] = gv.includes('/') ? gv.split('/') : ['', gv];
      const prefix = group ? `/apis/${gv}` : `/api/${gv}`;
      const docPaths: Record<string, unknown> = {};
      for (const k of groupVersions.get(gv) ?? []) {
        const p = k.namespaced ? `${prefix}/namespaces/{namespace}/${k.plural}` : `${prefix}/${k.plural}`;
        docPaths[p] = { get: { 'x-kubernetes-group-version-kind': { group, kind: k.kind, version } } };
      }
      return json(res, { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.0' }, paths: docPaths, components: { schemas } });
    }
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'not found', reason: 'NotFound', code: 404 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const cacheDir = mkdtempSync(join(tmpdir(), 'kubeplay-oracle-'));
  return {
    url: `http://127.0.0.1:${port}`,
    cacheDir,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}

export interface KubectlRun {
  stdout: string;
  stderr: string;
  status: number;
}

/** Runs the real kubectl against the oracle (asynchronously, so the server keeps answering). */
export async function realKubectl(oracle: Oracle, args: string[], kubectl = process.env.KUBECTL ?? 'kubectl'): Promise<KubectlRun> {
  return new Promise<KubectlRun>((resolve, reject) => {
    const p = spawn(kubectl, ['--server', oracle.url, '--cache-dir', oracle.cacheDir, ...args], { env: { ...process.env, KUBECONFIG: '/dev/null' } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('error', reject);
    p.on('close', (status) => resolve({ stdout, stderr, status: status ?? -1 }));
  });
}

export function kubectlAvailable(kubectl = process.env.KUBECTL ?? 'kubectl'): boolean {
  const r = spawnSync(kubectl, ['version', '--client'], { encoding: 'utf8' });
  return r.status === 0 && /Client Version: v1\.32\./.test(r.stdout);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const data = JSON.parse(readFileSync(join(root, 'src/sim/kubectl/explain/schemas.json'), 'utf8')) as ExplainData;
  const oracle = await startOracle(data);
  const r = await realKubectl(oracle, ['explain', ...process.argv.slice(2)]);
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  await oracle.close();
  process.exitCode = r.status;
}
