// Base and language images: shells that exit at once without a command (no TTY), so a bare
// `busybox` pod goes to CrashLoopBackOff, as it does for real.
import type { AppSpec, ImageEntry } from './types';
import { clfTime } from './timefmt';

const HELLO_WORLD = `
Hello from Docker!
This message shows that your installation appears to be working correctly.

To generate this message, Docker took the following steps:
 1. The Docker client contacted the Docker daemon.
 2. The Docker daemon pulled the "hello-world" image from the Docker Hub.
    (amd64)
 3. The Docker daemon created a new container from that image which runs the
    executable that produces the output you are currently reading.
 4. The Docker daemon streamed that output to the Docker client, which sent it
    to your terminal.

To try something more ambitious, you can run an Ubuntu container with:
 $ docker run -it ubuntu bash

Share images, automate workflows, and more with a free Docker ID:
 https://hub.docker.com/

For more examples and ideas, visit:
 https://docs.docker.com/get-started/
`;

/** An interpreter started without a script and without a TTY: reads EOF and exits 0. */
const exitsAtOnce = (binaries: string[]): AppSpec => ({ binaries, exit: () => ({ afterMs: 30, code: 0 }) });

const pythonApp: AppSpec = {
  binaries: ['python', 'python3'],
  portsFrom: (argv) => (argv.includes('http.server') ? [Number(argv[argv.indexOf('http.server') + 1]) || 8000] : []),
  exit: (c) => (c.argv.length <= 1 ? { afterMs: 40, code: 0 } : undefined),
  logs: (c) => {
    if (!c.argv.includes('http.server')) return [];
    const port = Number(c.argv[c.argv.indexOf('http.server') + 1]) || 8000;
    return [{ afterMs: 80, text: `Serving HTTP on 0.0.0.0 port ${port} (http://0.0.0.0:${port}/) ...` }];
  },
  http: (req) => ({
    status: req.path === '/' ? 200 : 404,
    body: req.path === '/' ? '<!DOCTYPE HTML>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Directory listing for /</title>\n</head>\n<body>\n<h1>Directory listing for /</h1>\n<hr>\n<ul>\n<li><a href="bin/">bin@</a></li>\n<li><a href="etc/">etc/</a></li>\n<li><a href="tmp/">tmp/</a></li>\n<li><a href="usr/">usr/</a></li>\n</ul>\n<hr>\n</body>\n</html>\n' : '',
  }),
  accessLog: (req, res, c, ip) => `${ip} - - [${clfTime(c.nowMs).replace(':', ' ').replace(' +0000', '')}] "${req.method} ${req.path} HTTP/1.1" ${res.status} -`,
  memoryMi: 12,
};

export const BASE_IMAGES: ImageEntry[] = [
  { name: 'busybox', tags: ['latest', 'stable', 'musl', 'glibc', 'uclibc'], sizeMB: 2.16, os: 'busybox', cmd: ['sh'], description: 'BusyBox shell and tools; without a command it exits 0 at once' },
  { name: 'registry.k8s.io/busybox', tags: ['latest', '1.27.2', '1.28'], sizeMB: 1.14, os: 'busybox', cmd: ['sh'], description: 'BusyBox as the Kubernetes docs use it' },
  { name: 'alpine', tags: ['latest', 'edge'], sizeMB: 3.65, os: 'alpine', cmd: ['/bin/sh'], description: 'Alpine Linux (BusyBox tools, ash); without a command it exits 0' },
  { name: 'ubuntu', tags: ['latest', 'rolling', 'devel', 'noble', 'jammy', 'focal', 'oracular'], sizeMB: 29.75, os: 'ubuntu', cmd: ['/bin/bash'], description: 'Ubuntu (bash, coreutils; no curl or wget); without a command it exits 0' },
  { name: 'debian', tags: ['latest', 'stable', 'stable-slim', 'bookworm', 'bookworm-slim', 'bullseye', 'bullseye-slim', 'trixie', 'testing', 'sid'], sizeMB: 48.49, os: 'debian', cmd: ['bash'], description: 'Debian (bash, coreutils; no curl or wget); without a command it exits 0' },
  { name: 'centos', tags: ['latest', 'centos7', 'centos8'], sizeMB: 79.65, os: 'debian', cmd: ['/bin/bash'], description: 'CentOS (bash); without a command it exits 0' },
  { name: 'fedora', tags: ['latest', 'rawhide'], sizeMB: 61.9, os: 'debian', cmd: ['/bin/bash'], description: 'Fedora (bash); without a command it exits 0' },
  { name: 'node', tags: ['latest', 'lts', 'current', 'alpine', 'slim', 'lts-alpine', 'lts-slim'], sizeMB: 391.2, alpineMB: 56.4, os: 'debian', tools: ['curl', 'wget'], entrypoint: ['docker-entrypoint.sh'], cmd: ['node'], app: { ...exitsAtOnce(['node']), exit: (c) => (c.argv.length <= 1 ? { afterMs: 60, code: 0 } : undefined), memoryMi: 30 }, description: 'Node.js; `node` alone exits 0 (no TTY), `node app.js` runs' },
  { name: 'python', tags: ['latest', 'alpine', 'slim'], sizeMB: 372.4, alpineMB: 17.6, os: 'debian', tools: ['curl', 'wget'], cmd: ['python3'], app: pythonApp, description: 'Python; `python3` alone exits 0, `python3 -m http.server [PORT]` serves on 8000' },
  { name: 'golang', tags: ['latest', 'alpine'], sizeMB: 290.3, alpineMB: 78.1, os: 'debian', tools: ['curl', 'wget'], cmd: ['bash'], description: 'Go toolchain (bash); without a command it exits 0' },
  { name: 'eclipse-temurin', tags: ['latest', '21', '17', '11', '21-jre', '17-jre'], sizeMB: 188.5, os: 'ubuntu', cmd: ['jshell'], app: exitsAtOnce(['jshell']), description: 'Java (Temurin); `jshell` exits at once without a TTY' },
  { name: 'openjdk', tags: ['latest', '21', '17', '11', '8'], sizeMB: 172.3, os: 'debian', cmd: ['jshell'], app: exitsAtOnce(['jshell']), description: 'OpenJDK (deprecated image); `jshell` exits at once' },
  { name: 'hello-world', tags: ['latest', 'linux'], strictTags: true, sizeMB: 0.01, os: 'scratch', cmd: ['/hello'], app: { binaries: ['hello'], exit: () => ({ afterMs: 5, code: 0, logs: HELLO_WORLD.split('\n').slice(0, -1) }) }, description: 'Prints "Hello from Docker!" and exits 0' },
  { name: 'curlimages/curl', tags: ['latest'], sizeMB: 10.9, os: 'alpine', tools: ['curl'], entrypoint: ['/entrypoint.sh'], cmd: ['curl'], description: 'curl; the image runs `curl ARGS` (no args: usage, exit 2)' },
  { name: 'nicolaka/netshoot', tags: ['latest'], sizeMB: 194.6, os: 'alpine', tools: ['curl', 'nslookup', 'dig', 'nc'], cmd: ['zsh'], description: 'Network troubleshooting tools; `zsh` alone exits 0' },
];
