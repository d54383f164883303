// Images of "Kubernetes in Action" (luksa/*) and of the kubernetes.io tutorials, with the
// behaviour the text relies on (kubia v3 fails from the fifth request, agnhost liveness fails
// after 10 s, the stress images use memory for the OOM examples).
import type { AppContext, AppSpec, HttpRequest, HttpResponse, ImageEntry } from './types';
import { klogTime, sqlTime } from './timefmt';
import { flagValue, listenPort } from './servers';

/** A Node.js app from the book: `node app.js` as PID 1 ignores SIGTERM, so it is killed after the grace period. */
function kubiaApp(handler: (req: HttpRequest, c: AppContext) => HttpResponse): AppSpec {
  return {
    binaries: ['node'],
    ports: [8080],
    startupMs: 150,
    logs: () => [{ afterMs: 100, text: 'Kubia server starting...' }],
    http: handler,
    accessLog: (_req, _res, _c, ip) => `Received request from ::ffff:${ip}`,
    ignoresStopSignal: true,
    cpuMilli: 0,
    memoryMi: 9,
  };
}

const hit = (c: AppContext) => `You've hit ${c.hostname}\n`;

const kubiaByTag: Record<string, (req: HttpRequest, c: AppContext) => HttpResponse> = {
  v2: (_r, c) => ({ status: 200, body: `This is v2 running in pod ${c.hostname}\n` }),
  v3: (_r, c) =>
    c.requestCount >= 5
      ? { status: 500, body: `Some internal error has occurred! This is pod ${c.hostname}\n` }
      : { status: 200, body: `This is v3 running in pod ${c.hostname}\n` },
  v4: (_r, c) => ({ status: 200, body: `This is v4 running in pod ${c.hostname}\n` }),
};

const kubia = kubiaApp((req, c) => (kubiaByTag[c.tag] ?? ((_r: HttpRequest, cc: AppContext) => ({ status: 200, body: hit(cc) })))(req, c));

const kubiaUnhealthy = kubiaApp((_r, c) =>
  c.requestCount > 5 ? { status: 500, body: "I'm not well. Please restart me!" } : { status: 200, body: hit(c) },
);

const kubiaPet: AppSpec = {
  ...kubiaApp((req, c) => {
    if (req.method === 'POST') {
      c.data['/var/data/kubia.txt'] = req.body ?? '';
      return { status: 200, body: `Data stored on pod ${c.hostname}\n` };
    }
    const data = c.data['/var/data/kubia.txt'] ?? c.readFile('/var/data/kubia.txt') ?? 'No data posted yet';
    return { status: 200, body: `You've hit ${c.hostname}\nData stored on this pod: ${data}\n` };
  }),
  accessLog: (req) => (req.method === 'POST' ? 'New data has been received and stored.' : undefined),
};

const FORTUNE_LOOP = `#!/bin/bash
trap "exit" SIGINT
mkdir /var/htdocs
while :
do
  echo $(date) Writing fortune to /var/htdocs/index.html
  /usr/games/fortune > /var/htdocs/index.html
  sleep 10
done
`;

const FORTUNE_LOOP_ARGS = `#!/bin/bash
trap "exit" SIGINT
INTERVAL=$1
echo Configured to generate new fortune every $INTERVAL seconds
mkdir -p /var/htdocs
while :
do
  echo $(date) Writing fortune to /var/htdocs/index.html
  /usr/games/fortune > /var/htdocs/index.html
  sleep $INTERVAL
done
`;

const FORTUNE_LOOP_ENV = FORTUNE_LOOP_ARGS.replace('INTERVAL=$1\n', '');

/** agnhost: one binary, many test servers chosen by the first argument. */
const agnhost: AppSpec = {
  binaries: ['agnhost'],
  portsFrom: (argv) => {
    const sub = argv[1] ?? 'pause';
    if (sub === 'netexec') return [listenPort(argv, 8080)];
    if (sub === 'serve-hostname') return [listenPort(argv, 9376)];
    if (sub === 'liveness') return [8080];
    if (sub === 'test-webserver') return [listenPort(argv, 80)];
    return [];
  },
  startupMs: 30,
  logs: (c) => {
    const sub = c.argv[1] ?? 'pause';
    const line = (text: string) => [{ afterMs: 20, text: (t: number) => `${klogTime(t)} ${text}` }];
    if (sub === 'netexec') return line(`netexec.go:172] Started HTTP server on port ${listenPort(c.argv, 8080)}`);
    if (sub === 'serve-hostname') return line(`serve_hostname.go:65] Serving on port ${listenPort(c.argv, 9376)}.`);
    if (sub === 'liveness') return line('liveness.go:33] Started HTTP server on port 8080');
    if (sub === 'pause') return [{ afterMs: 5, text: 'Paused' }];
    return [];
  },
  exit: (c) => {
    const sub = c.argv[1] ?? 'pause';
    if (['netexec', 'serve-hostname', 'liveness', 'pause', 'test-webserver', 'fake-gitserver'].includes(sub)) return undefined;
    return { afterMs: 10, code: 1, logs: [`Error: unknown command "${sub}" for "agnhost"`, "Run 'agnhost --help' for usage."] };
  },
  http: (req, c) => {
    const sub = c.argv[1];
    const up = c.nowMs - c.startedAtMs;
    if (sub === 'liveness') {
      if (req.path.startsWith('/healthz')) {
        return up < 10_000 ? { status: 200, body: 'ok' } : { status: 500, body: `error: ${(up / 1000).toFixed(6)}s` };
      }
      return { status: 404, body: '404 page not found\n' };
    }
    if (sub === 'serve-hostname') return { status: 200, body: c.hostname };
    if (sub === 'test-webserver') return { status: 200, body: 'Hello World!' };
    if (req.path.startsWith('/hostname')) return { status: 200, body: c.hostname };
    if (req.path.startsWith('/echo')) return { status: 200, body: decodeURIComponent(/[?&]msg=([^&]*)/.exec(req.path)?.[1] ?? '') };
    if (req.path.startsWith('/healthz')) return { status: 200, body: 'ok' };
    return { status: 200, body: `NOW: ${sqlTime(c.nowMs)}000000 +0000 UTC m=+${(up / 1000).toFixed(9)}` };
  },
  stopMs: 50,
  memoryMi: 10,
};

/** `stress --vm N --vm-bytes 150M` (polinux/stress) memory, in bytes. */
export function stressMemoryBytes(argv: readonly string[]): number {
  const vm = Number(flagValue(argv, 'vm') ?? (argv.includes('-m') ? argv[argv.indexOf('-m') + 1] : '0')) || 0;
  const size = flagValue(argv, 'vm-bytes') ?? '256M';
  const m = /^(\d+(?:\.\d+)?)([bkmgBKMG]?)$/.exec(size);
  const unit = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m?.[2] ?? 'm').toLowerCase()] ?? 1;
  return vm * (m ? Number(m[1]) * unit : 256 * 1024 ** 2);
}

export const BOOK_IMAGES: ImageEntry[] = [
  { name: 'luksa/kubia', tags: ['latest', 'v1', 'v2', 'v3', 'v4'], strictTags: true, sizeMB: 249.1, os: 'debian', tools: ['curl', 'wget'], entrypoint: ['node', 'app.js'], app: kubia, description: 'Kubernetes in Action: Node.js on 8080, "You\'ve hit <hostname>"; :v2 "This is v2 running in pod <hostname>"; :v3 answers 500 from the 5th request on; ignores SIGTERM' },
  { name: 'luksa/kubia-unhealthy', tags: ['latest'], strictTags: true, sizeMB: 249.1, os: 'debian', tools: ['curl', 'wget'], entrypoint: ['node', 'app.js'], app: kubiaUnhealthy, description: 'kubia that answers 500 "I\'m not well. Please restart me!" after the 5th request' },
  { name: 'luksa/kubia-pet', tags: ['latest'], strictTags: true, sizeMB: 249.1, os: 'debian', tools: ['curl', 'wget'], entrypoint: ['node', 'app.js'], app: kubiaPet, description: 'kubia for StatefulSets: GET shows the stored data, POST stores it (in memory)' },
  { name: 'luksa/batch-job', tags: ['latest'], strictTags: true, sizeMB: 1.2, os: 'busybox', entrypoint: ['/bin/sh', '-c', 'echo "$(date) Batch job starting"; sleep 120; echo "$(date) Finished succesfully"'], description: 'Prints a start line, sleeps 120 s, prints "Finished succesfully" and exits 0' },
  { name: 'luksa/ssd-monitor', tags: ['latest'], strictTags: true, sizeMB: 1.2, os: 'busybox', entrypoint: ['/bin/sh', '-c', "while true; do echo 'SSD OK'; sleep 5; done"], description: 'Prints "SSD OK" every 5 s' },
  { name: 'luksa/fortune', tags: ['latest', 'args', 'env'], strictTags: true, sizeMB: 63.4, os: 'ubuntu', entrypoint: ['/bin/fortuneloop.sh'], files: { '/bin/fortuneloop.sh': FORTUNE_LOOP }, description: 'Writes a fortune to /var/htdocs/index.html every 10 s (:args takes the interval as an argument, :env from $INTERVAL)' },
  { name: 'luksa/kubectl-proxy', tags: ['latest', '1.6.2'], strictTags: true, sizeMB: 16.4, os: 'alpine', entrypoint: ['/kubectl-proxy.sh'], app: { binaries: ['kubectl-proxy.sh', 'kubectl'], ports: [8001], logs: () => [{ afterMs: 50, text: 'Starting to serve on 127.0.0.1:8001' }], memoryMi: 12 }, description: 'kubectl proxy on 127.0.0.1:8001 (ambassador sidecar)' },
  { name: 'registry.k8s.io/e2e-test-images/agnhost', tags: ['2.39', '2.40', '2.43', '2.45', '2.47', '2.52', '2.53'], sizeMB: 51.2, os: 'debian', tools: ['curl', 'wget'], entrypoint: ['/agnhost'], cmd: ['pause'], app: agnhost, description: 'Kubernetes test server: `netexec --http-port=8080`, `serve-hostname` (9376), `liveness` (/healthz 200 for 10 s, then 500), `pause`' },
  { name: 'registry.k8s.io/liveness', tags: ['latest'], strictTags: true, sizeMB: 2.3, os: 'scratch', cmd: ['/server'], app: { ...agnhost, binaries: ['server'], portsFrom: () => [8080], logs: () => [], exit: () => undefined, http: (r, c) => agnhost.http!(r, { ...c, argv: ['agnhost', 'liveness'] }) }, description: 'Old docs liveness server: /healthz 200 for 10 s, then 500' },
  { name: 'registry.k8s.io/goproxy', tags: ['0.1'], strictTags: true, sizeMB: 2.5, os: 'scratch', cmd: ['/goproxy'], app: { binaries: ['goproxy'], ports: [8080], memoryMi: 3 }, description: 'Docs TCP-probe example: listens on 8080' },
  { name: 'registry.k8s.io/echoserver', tags: ['1.4', '1.10'], strictTags: true, sizeMB: 46.1, os: 'debian', cmd: ['/usr/local/bin/run.sh'], app: { binaries: ['run.sh'], ports: [8080], memoryMi: 5, http: (req, c) => ({ status: 200, body: `\n\nHostname: ${c.hostname}\n\nPod Information:\n\t-no pod information available-\n\nServer values:\n\tserver_version=nginx: 1.13.3 - lua: 10008\n\nRequest Information:\n\tclient_address=${c.podIP}\n\tmethod=${req.method}\n\treal path=${req.path}\n\tquery=\n\trequest_version=1.1\n\trequest_scheme=http\n\trequest_uri=http://${c.podIP}:8080${req.path}\n\nRequest Headers:\n\taccept=*/*\n\thost=${c.podIP}:8080\n\tuser-agent=${req.userAgent}\n\nRequest Body:\n\t-no body in request-\n\n` }) }, description: 'Echoes the request on port 8080' },
  { name: 'polinux/stress', tags: ['latest'], strictTags: true, sizeMB: 4.1, os: 'alpine', cmd: ['stress'], app: { binaries: ['stress'], logs: (c) => [{ afterMs: 5, text: `stress: info: [1] dispatching hogs: ${Number(flagValue(c.argv, 'cpu') ?? 0)} cpu, 0 io, ${Number(flagValue(c.argv, 'vm') ?? 0)} vm, 0 hdd` }], cpuMilli: 1, memoryMi: 1 }, description: 'stress: `--vm 1 --vm-bytes 150M` uses that much memory (docs OOM example), `--cpu N` N cores' },
  { name: 'vish/stress', tags: ['latest'], strictTags: true, sizeMB: 2.3, os: 'scratch', entrypoint: ['/stress', '-logtostderr'], app: { binaries: ['stress'], logs: (c) => [{ afterMs: 5, text: (t) => `${klogTime(t)} main.go:26] Allocating "${flagValue(c.argv, 'mem-total') ?? '0'}" memory, in "${flagValue(c.argv, 'mem-alloc-size') ?? '4Ki'}" chunks, with a ${flagValue(c.argv, 'mem-alloc-sleep') ?? '1ms'} sleep between allocations` }], cpuMilli: 1, memoryMi: 1 }, description: 'stress: `-cpus N` uses N cores, `-mem-total 150Mi` that much memory (docs CPU example)' },
];

export const BOOK_FILES: Record<string, Record<string, string>> = {
  'luksa/fortune:args': { '/bin/fortuneloop.sh': FORTUNE_LOOP_ARGS },
  'luksa/fortune:env': { '/bin/fortuneloop.sh': FORTUNE_LOOP_ENV },
};

/** luksa/fortune:args takes the interval as its CMD. */
export const BOOK_CMDS: Record<string, string[]> = { 'luksa/fortune:args': ['10'] };
