// Behaviours of common server images: web servers, databases, caches.
import type { AppContext, AppSpec, HttpRequest, HttpResponse, ImageEntry } from './types';
import { apacheTime, clfTime, isoMicros, nginxTime, redisTime, sqlTime } from './timefmt';

export const NGINX_VERSION = '1.27.3';

export const NGINX_INDEX = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

const nginx404 = `<html>
<head><title>404 Not Found</title></head>
<body>
<center><h1>404 Not Found</h1></center>
<hr><center>nginx/${NGINX_VERSION}</center>
</body>
</html>
`;

const nginx403 = nginx404.replace(/404 Not Found/g, '403 Forbidden');

/** A static file server over a document root (nginx, httpd): a directory without index.html is 403. */
function staticFiles(root: string, notFound: string, forbidden: string) {
  return (req: HttpRequest, c: AppContext): HttpResponse => {
    const path = req.path.split('?')[0];
    const file = path.endsWith('/') ? `${root}${path}index.html` : `${root}${path}`;
    const body = c.readFile(file);
    if (body !== undefined) return { status: 200, body };
    if (path.endsWith('/') && c.readFile(`${root}${path}`) === undefined && c.isDir(`${root}${path}`)) return { status: 403, body: forbidden };
    return { status: 404, body: notFound };
  };
}

const bytes = (s: string) => new TextEncoder().encode(s).length;

const nginxApp: AppSpec = {
  binaries: ['nginx', 'docker-entrypoint.sh', 'nginx-debug'],
  ports: [80],
  startupMs: 120,
  logs: () => {
    const ep = [
      '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
      '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
      '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
      '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
      '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
      '/docker-entrypoint.sh: Configuration complete; ready for start up',
    ].map((text, i) => ({ afterMs: 20 + i * 5, text }));
    const notice = (after: number, msg: string) => ({ afterMs: after, text: (t: number) => `${nginxTime(t)} [notice] 1#1: ${msg}` });
    return [
      ...ep,
      notice(110, 'using the "epoll" event method'),
      notice(110, `nginx/${NGINX_VERSION}`),
      notice(110, 'built by gcc 12.2.0 (Debian 12.2.0-14) '),
      notice(110, 'OS: Linux 6.1.0-28-amd64'),
      notice(110, 'getrlimit(RLIMIT_NOFILE): 1048576:1048576'),
      notice(111, 'start worker processes'),
      ...[29, 30, 31, 32].map((pid) => notice(111, `start worker process ${pid}`)),
    ];
  },
  http: staticFiles('/usr/share/nginx/html', nginx404, nginx403),
  accessLog: (req, res, c, ip) => `${ip} - - [${clfTime(c.nowMs)}] "${req.method} ${req.path} HTTP/1.1" ${res.status} ${bytes(res.body)} "-" "${req.userAgent}" "-"`,
  stopSignal: 'SIGQUIT',
  stopMs: 80,
  stopLogs: (c) => [
    `${nginxTime(c.nowMs)} [notice] 1#1: signal 3 (SIGQUIT) received, shutting down`,
    ...[29, 30, 31, 32].map((pid) => `${nginxTime(c.nowMs)} [notice] ${pid}#${pid}: gracefully shutting down`),
    ...[29, 30, 31, 32].map((pid) => `${nginxTime(c.nowMs)} [notice] ${pid}#${pid}: exiting`),
    ...[29, 30, 31, 32].map((pid) => `${nginxTime(c.nowMs)} [notice] ${pid}#${pid}: exit`),
    `${nginxTime(c.nowMs)} [notice] 1#1: exit`,
  ],
  cpuMilli: 0,
  memoryMi: 4,
};

const httpdApp: AppSpec = {
  binaries: ['httpd', 'httpd-foreground', 'apachectl'],
  ports: [80],
  startupMs: 150,
  logs: (c) => {
    const fqdn = `AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${c.podIP}. Set the 'ServerName' directive globally to suppress this message`;
    return [
      { afterMs: 40, text: fqdn },
      { afterMs: 60, text: fqdn },
      { afterMs: 140, text: (t) => `[${apacheTime(t)}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.62 (Unix) configured -- resuming normal operations` },
      { afterMs: 140, text: (t) => `[${apacheTime(t)}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'` },
    ];
  },
  http: staticFiles('/usr/local/apache2/htdocs', '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n', '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>403 Forbidden</title>\n</head><body>\n<h1>Forbidden</h1>\n<p>You don\'t have permission to access this resource.</p>\n</body></html>\n'),
  accessLog: (req, res, c, ip) => `${ip} - - [${clfTime(c.nowMs)}] "${req.method} ${req.path} HTTP/1.1" ${res.status} ${bytes(res.body)}`,
  stopMs: 100,
  cpuMilli: 1,
  memoryMi: 6,
};

const redisApp: AppSpec = {
  binaries: ['redis-server', 'docker-entrypoint.sh'],
  ports: [6379],
  startupMs: 20,
  logs: () => {
    const at = (after: number, role: string, sym: string, msg: string) => ({ afterMs: after, text: (t: number) => `1:${role} ${redisTime(t)} ${sym} ${msg}` });
    return [
      at(5, 'C', '*', 'oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo'),
      at(5, 'C', '*', 'Redis version=7.4.2, bits=64, commit=00000000, modified=0, pid=1, just started'),
      at(5, 'C', '#', 'Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf'),
      at(6, 'M', '*', 'monotonic clock: POSIX clock_gettime'),
      at(7, 'M', '*', 'Running mode=standalone, port=6379.'),
      at(8, 'M', '*', 'Server initialized'),
      at(9, 'M', '*', 'Ready to accept connections tcp'),
    ];
  },
  stopMs: 50,
  stopLogs: (c) => [
    `1:signal-handler (${Math.floor(c.nowMs / 1000)}) Received SIGTERM scheduling shutdown...`,
    `1:M ${redisTime(c.nowMs)} * User requested shutdown...`,
    `1:M ${redisTime(c.nowMs)} * Saving the final RDB snapshot before exiting.`,
    `1:M ${redisTime(c.nowMs)} * DB saved on disk`,
    `1:M ${redisTime(c.nowMs)} # Redis is now ready to exit, bye bye...`,
  ],
  cpuMilli: 2,
  memoryMi: 3,
};

const postgresApp: AppSpec = {
  binaries: ['postgres', 'docker-entrypoint.sh'],
  ports: [5432],
  startupMs: 2500,
  exit: (c) => {
    if (c.env.POSTGRES_PASSWORD || c.env.POSTGRES_HOST_AUTH_METHOD === 'trust') return undefined;
    return {
      afterMs: 30,
      code: 1,
      logs: [
        'Error: Database is uninitialized and superuser password is not specified.',
        '       You must specify POSTGRES_PASSWORD to a non-empty value for the',
        '       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".',
        '',
        '       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all',
        '       connections without a password. This is *not* recommended.',
        '',
        '       See PostgreSQL documentation about "trust":',
        '       https://www.postgresql.org/docs/current/auth-trust.html',
      ],
    };
  },
  logs: () => {
    const pg = (after: number, msg: string) => ({ afterMs: after, text: (t: number) => `${sqlTime(t)} UTC [1] LOG:  ${msg}` });
    return [
      { afterMs: 10, text: 'The files belonging to this database system will be owned by user "postgres".' },
      { afterMs: 10, text: 'This user must also own the server process.' },
      { afterMs: 1800, text: 'PostgreSQL init process complete; ready for start up.' },
      pg(2400, 'starting PostgreSQL 17.2 (Debian 17.2-1.pgdg120+1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit'),
      pg(2400, 'listening on IPv4 address "0.0.0.0", port 5432'),
      pg(2400, 'listening on IPv6 address "::", port 5432'),
      pg(2410, 'listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"'),
      pg(2500, 'database system is ready to accept connections'),
    ];
  },
  stopMs: 300,
  stopLogs: (c) => [
    `${sqlTime(c.nowMs)} UTC [1] LOG:  received fast shutdown request`,
    `${sqlTime(c.nowMs)} UTC [1] LOG:  database system is shut down`,
  ],
  cpuMilli: 3,
  memoryMi: 38,
};

function mysqlApp(product: 'MySQL' | 'MariaDB'): AppSpec {
  const prefix = product === 'MySQL' ? 'MYSQL' : 'MARIADB';
  return {
    binaries: ['mysqld', 'mariadbd', 'docker-entrypoint.sh'],
    ports: [3306],
    startupMs: 9000,
    exit: (c) => {
      const has = (k: string) => c.env[`MYSQL_${k}`] !== undefined || c.env[`${prefix}_${k}`] !== undefined;
      if (has('ROOT_PASSWORD') || has('ALLOW_EMPTY_PASSWORD') || has('RANDOM_ROOT_PASSWORD') || has('ALLOW_EMPTY_ROOT_PASSWORD') || has('RANDOM_ROOT_PASSWORD')) return undefined;
      return {
        afterMs: 200,
        code: 1,
        logs: [
          `[Note] [Entrypoint]: Entrypoint script for ${product} Server started.`,
          `[ERROR] [Entrypoint]: Database is uninitialized and password option is not specified`,
          '    You need to specify one of the following as an environment variable:',
          `    - ${prefix}_ROOT_PASSWORD`,
          `    - ${prefix}_ALLOW_EMPTY_PASSWORD`,
          `    - ${prefix}_RANDOM_ROOT_PASSWORD`,
        ],
      };
    },
    logs: () => [
      { afterMs: 50, text: `[Note] [Entrypoint]: Entrypoint script for ${product} Server started.` },
      { afterMs: 200, text: '[Note] [Entrypoint]: Initializing database files' },
      { afterMs: 8500, text: '[Note] [Entrypoint]: Database files initialized' },
      { afterMs: 9000, text: (t) => `${isoMicros(t)} 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '9.1.0'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.` },
    ],
    stopMs: 1500,
    cpuMilli: 5,
    memoryMi: 380,
  };
}

const mongoApp: AppSpec = {
  binaries: ['mongod', 'docker-entrypoint.sh'],
  ports: [27017],
  startupMs: 1200,
  logs: () => [
    { afterMs: 100, text: (t) => `{"t":{"$date":"${isoMicros(t).slice(0, 23)}+00:00"},"s":"I",  "c":"CONTROL",  "id":23285,   "ctx":"main","msg":"Automatically disabling TLS 1.0, to force-enable TLS 1.0 specify --sslDisabledProtocols 'none'"}` },
    { afterMs: 1200, text: (t) => `{"t":{"$date":"${isoMicros(t).slice(0, 23)}+00:00"},"s":"I",  "c":"NETWORK",  "id":23016,   "ctx":"listener","msg":"Waiting for connections","attr":{"port":27017,"ssl":"off"}}` },
  ],
  stopMs: 400,
  cpuMilli: 6,
  memoryMi: 75,
};

export const SERVER_IMAGES: ImageEntry[] = [
  {
    name: 'nginx', tags: ['latest', 'stable', 'mainline', 'alpine', 'stable-alpine', 'mainline-alpine', 'perl', 'alpine-slim'],
    sizeMB: 72.1, alpineMB: 20.3, os: 'debian', tools: ['curl'],
    entrypoint: ['/docker-entrypoint.sh'], cmd: ['nginx', '-g', 'daemon off;'],
    files: { '/usr/share/nginx/html/index.html': NGINX_INDEX, '/usr/share/nginx/html/50x.html': '<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n</head>\n<body>\n<h1>An error occurred.</h1>\n</body>\n</html>\n' },
    app: nginxApp, description: 'nginx web server on port 80, serving /usr/share/nginx/html; exits on SIGQUIT within 0.1 s',
  },
  {
    name: 'httpd', tags: ['latest', 'alpine'], sizeMB: 58.4, alpineMB: 22.1, os: 'debian',
    cmd: ['httpd-foreground'], files: { '/usr/local/apache2/htdocs/index.html': '<html><body><h1>It works!</h1></body></html>\n' },
    app: httpdApp, description: 'Apache httpd on port 80 ("It works!")',
  },
  {
    name: 'redis', tags: ['latest', 'alpine'], sizeMB: 45.2, alpineMB: 17.1, os: 'debian',
    entrypoint: ['docker-entrypoint.sh'], cmd: ['redis-server'], app: redisApp, description: 'Redis on port 6379',
  },
  {
    name: 'postgres', tags: ['latest', 'alpine'], sizeMB: 158.3, alpineMB: 105.4, os: 'debian',
    entrypoint: ['docker-entrypoint.sh'], cmd: ['postgres'], app: postgresApp,
    description: 'PostgreSQL on port 5432; exits 1 unless POSTGRES_PASSWORD (or POSTGRES_HOST_AUTH_METHOD=trust) is set',
  },
  {
    name: 'mysql', tags: ['latest', 'lts', 'oracle'], sizeMB: 170.2, os: 'debian',
    entrypoint: ['docker-entrypoint.sh'], cmd: ['mysqld'], app: mysqlApp('MySQL'),
    description: 'MySQL on port 3306, ready after ~9 s; exits 1 without MYSQL_ROOT_PASSWORD / _ALLOW_EMPTY_PASSWORD / _RANDOM_ROOT_PASSWORD',
  },
  {
    name: 'mariadb', tags: ['latest', 'lts'], sizeMB: 115.6, os: 'ubuntu',
    entrypoint: ['docker-entrypoint.sh'], cmd: ['mariadbd'], app: mysqlApp('MariaDB'),
    description: 'MariaDB on port 3306 (like mysql, MARIADB_* or MYSQL_* variables)',
  },
  {
    name: 'mongo', tags: ['latest'], sizeMB: 272.4, os: 'ubuntu',
    entrypoint: ['docker-entrypoint.sh'], cmd: ['mongod'], app: mongoApp, description: 'MongoDB on port 27017',
  },
  {
    name: 'memcached', tags: ['latest', 'alpine'], sizeMB: 31.4, alpineMB: 4.9, os: 'debian',
    entrypoint: ['docker-entrypoint.sh'], cmd: ['memcached'],
    app: { binaries: ['memcached', 'docker-entrypoint.sh'], ports: [11211], startupMs: 10, cpuMilli: 1, memoryMi: 2 },
    description: 'memcached on port 11211 (no logs)',
  },
  {
    name: 'rabbitmq', tags: ['latest', 'management', 'alpine', 'management-alpine'], sizeMB: 101.3, os: 'ubuntu',
    entrypoint: ['docker-entrypoint.sh'], cmd: ['rabbitmq-server'],
    app: {
      binaries: ['rabbitmq-server', 'docker-entrypoint.sh'], ports: [5672, 15672], startupMs: 6000, cpuMilli: 15, memoryMi: 110,
      logs: () => [{ afterMs: 6000, text: (t) => `${sqlTime(t)}000+00:00 [info] <0.9.0> Server startup complete; 0 plugins started.` }],
    },
    description: 'RabbitMQ on port 5672, ready after ~6 s',
  },
  {
    name: 'traefik/whoami', tags: ['latest'], sizeMB: 3.1, os: 'scratch', entrypoint: ['/whoami'],
    app: {
      binaries: ['whoami'], ports: [80], startupMs: 20, memoryMi: 2,
      logs: () => [{ afterMs: 10, text: (t) => `${nginxTime(t)} Starting up on port 80` }],
      http: (req, c) => ({ status: 200, body: `Hostname: ${c.hostname}\nIP: 127.0.0.1\nIP: ::1\nIP: ${c.podIP}\nRemoteAddr: ${c.podIP}:54321\n${req.method} ${req.path} HTTP/1.1\nHost: ${c.podIP}\nUser-Agent: ${req.userAgent}\nAccept: */*\n\n` }),
    },
    description: 'whoami: answers on port 80 with the hostname, IPs and request',
  },
  {
    name: 'hashicorp/http-echo', tags: ['latest'], sizeMB: 3.6, os: 'scratch', entrypoint: ['/http-echo'],
    app: {
      binaries: ['http-echo'], ports: [5678], portsFrom: (argv) => [listenPort(argv, 5678)], startupMs: 10, memoryMi: 2,
      logs: (c) => [{ afterMs: 5, text: (t) => `${nginxTime(t)} [INFO] server is listening on :${listenPort(c.argv, 5678)}` }],
      http: (_r, c) => ({ status: 200, body: `${flagValue(c.argv, 'text') ?? 'hello-world'}\n` }),
    },
    description: 'http-echo: answers `-text` on port 5678 (`-listen=:PORT`)',
  },
  {
    name: 'gcr.io/google-samples/hello-app', tags: ['1.0', '2.0'], strictTags: true, sizeMB: 11.3, os: 'alpine', entrypoint: ['/hello-app'],
    app: {
      binaries: ['hello-app'], ports: [8080], startupMs: 20, memoryMi: 3,
      logs: () => [{ afterMs: 5, text: (t) => `${nginxTime(t)} Server listening on port 8080` }],
      http: (_r, c) => ({ status: 200, body: `Hello, world!\nVersion: ${c.tag === '2.0' ? '2.0.0' : '1.0.0'}\nHostname: ${c.hostname}\n` }),
      accessLog: (req, _res, c) => `${nginxTime(c.nowMs)} Serving request: ${req.path}`,
    },
    description: 'Google sample: "Hello, world! Version: 1.0.0 Hostname: …" on port 8080',
  },
];

/** `--flag=value` / `-flag=value` / `-flag value` in argv. */
export function flagValue(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i].replace(/^--?/, '');
    if (a.startsWith(`${name}=`)) return a.slice(name.length + 1);
    if (a === name && i + 1 < argv.length && /^--?/.test(argv[i])) return argv[i + 1];
  }
  return undefined;
}

function listenPort(argv: readonly string[], dflt: number): number {
  const v = flagValue(argv, 'listen') ?? flagValue(argv, 'http-port') ?? flagValue(argv, 'port');
  const n = v ? Number(v.replace(/^.*:/, '')) : NaN;
  return Number.isInteger(n) && n > 0 ? n : dflt;
}

export { listenPort };
