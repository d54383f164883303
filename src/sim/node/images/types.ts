// What an image is in the simulation: a behaviour. The catalog (catalog.ts, book.ts, system.ts)
// maps image names to these descriptions; the container runtime (../runtime) runs them.

/** The userland an image ships: which shell and tools `command`/`exec` find, and their wording. */
export type OsFlavor = 'busybox' | 'alpine' | 'debian' | 'ubuntu' | 'distroless' | 'scratch';

export interface HttpRequest {
  method: string;
  path: string;
  body?: string;
  userAgent: string;
}

export interface HttpResponse {
  status: number;
  body: string;
}

/** What a running application sees: its pod, environment, files and request count. */
export interface AppContext {
  hostname: string;
  podIP: string;
  env: Readonly<Record<string, string>>;
  argv: readonly string[];
  /** The image tag the container runs (`latest`, `v2`). */
  tag: string;
  startedAtMs: number;
  nowMs: number;
  /** HTTP requests served by this container so far, this one included. */
  requestCount: number;
  /** Reads a file as the container sees it now (image, volumes, writes). */
  readFile(path: string): string | undefined;
  isDir(path: string): boolean;
  /** Per-container data an application keeps in memory (kubia-pet's stored data). */
  data: Record<string, string>;
}

/** A log line `afterMs` after the start; its text may depend on the time it is written. */
export interface LogTemplate {
  afterMs: number;
  text: string | ((atMs: number) => string);
}

export interface AppSpec {
  /** argv[0] basenames that run this application (`nginx`, `node`, `redis-server`). */
  binaries: string[];
  /** TCP ports it listens on once started. */
  ports?: number[];
  /** Ports chosen by the command line (`--http-port=8080`), instead of `ports`. */
  portsFrom?(argv: readonly string[]): number[];
  /** Time from process start to listening (default 500 ms). */
  startupMs?: number;
  logs?(c: AppContext): LogTemplate[];
  http?(req: HttpRequest, c: AppContext): HttpResponse;
  /** The access-log line of one request, if the application logs requests. */
  accessLog?(req: HttpRequest, res: HttpResponse, c: AppContext, clientIp: string): string | undefined;
  /** The process exits by itself (a misconfigured database, a finished job). */
  exit?(c: AppContext): { afterMs: number; code: number; logs?: string[] } | undefined;
  /** The image's STOPSIGNAL (default SIGTERM). */
  stopSignal?: 'SIGTERM' | 'SIGQUIT' | 'SIGINT';
  /** PID 1 without a handler: the stop signal does nothing, SIGKILL ends it after the grace period. */
  ignoresStopSignal?: boolean;
  /** Time to exit after the stop signal (default 200 ms), exit code 0. */
  stopMs?: number;
  stopLogs?(c: AppContext): string[];
  /** Steady CPU (millicores) and memory (MiB) use. */
  cpuMilli?: number;
  memoryMi?: number;
  /** Implements grpc.health.v1 on its ports. */
  grpcHealth?: boolean;
}

export interface ImageEntry {
  /** Docker Hub names without `docker.io/library/`; other registries in full. */
  name: string;
  /** Tags that exist; with `strictTags` no others, else version-like tags too. */
  tags: string[];
  strictTags?: boolean;
  /** Compressed size, MB (and for -alpine/-slim tags). */
  sizeMB: number;
  alpineMB?: number;
  os: OsFlavor;
  /** Tools beyond the OS's own (curl in nginx). */
  tools?: string[];
  entrypoint?: string[];
  cmd?: string[];
  app?: AppSpec;
  /** Files of the image beyond the OS's own. */
  files?: Record<string, string>;
  /** One line for docs/images.md. */
  description: string;
}
