// The files a container sees: its image's (per OS flavour), the kubelet-managed /etc files,
// its volume mounts, then the writes of its process and of `kubectl exec` (runtime.ts layers those).
import type { OsFlavor } from '../images/types';

export const TOOLSETS: Record<OsFlavor, string[]> = {
  busybox: ['sh', 'ash', 'sleep', 'date', 'hostname', 'env', 'printenv', 'cat', 'ls', 'touch', 'rm', 'mkdir', 'whoami', 'id', 'uname', 'nproc', 'ps', 'head', 'tail', 'wc', 'grep', 'sort', 'uniq', 'tee', 'tr', 'cut', 'seq', 'yes', 'basename', 'dirname', 'which', 'wget', 'echo', 'printf', 'true', 'false', 'test', '['],
  alpine: [],
  debian: ['sh', 'bash', 'sleep', 'date', 'hostname', 'env', 'printenv', 'cat', 'ls', 'touch', 'rm', 'mkdir', 'whoami', 'id', 'uname', 'nproc', 'head', 'tail', 'wc', 'grep', 'sort', 'uniq', 'tee', 'tr', 'cut', 'seq', 'yes', 'basename', 'dirname', 'which', 'echo', 'printf', 'true', 'false', 'test', '['],
  ubuntu: [],
  distroless: [],
  scratch: [],
};
TOOLSETS.alpine = TOOLSETS.busybox;
TOOLSETS.ubuntu = TOOLSETS.debian;

const DIRS: Record<OsFlavor, string[]> = {
  busybox: ['bin', 'dev', 'etc', 'home', 'lib', 'lib64', 'proc', 'root', 'sys', 'tmp', 'usr', 'var'],
  alpine: ['bin', 'dev', 'etc', 'home', 'lib', 'media', 'mnt', 'opt', 'proc', 'root', 'run', 'sbin', 'srv', 'sys', 'tmp', 'usr', 'var'],
  debian: ['bin', 'boot', 'dev', 'etc', 'home', 'lib', 'lib64', 'media', 'mnt', 'opt', 'proc', 'root', 'run', 'sbin', 'srv', 'sys', 'tmp', 'usr', 'var'],
  ubuntu: ['bin', 'boot', 'dev', 'etc', 'home', 'lib', 'lib64', 'media', 'mnt', 'opt', 'proc', 'root', 'run', 'sbin', 'srv', 'sys', 'tmp', 'usr', 'var'],
  distroless: ['bin', 'dev', 'etc', 'home', 'lib', 'proc', 'root', 'run', 'sbin', 'sys', 'tmp', 'usr', 'var'],
  scratch: ['dev', 'etc', 'proc', 'sys'],
};

const OS_RELEASE: Partial<Record<OsFlavor, string>> = {
  debian: 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\nHOME_URL="https://www.debian.org/"\nSUPPORT_URL="https://www.debian.org/support"\nBUG_REPORT_URL="https://bugs.debian.org/"\n',
  ubuntu: 'PRETTY_NAME="Ubuntu 24.04.1 LTS"\nNAME="Ubuntu"\nVERSION_ID="24.04"\nVERSION="24.04.1 LTS (Noble Numbat)"\nVERSION_CODENAME=noble\nID=ubuntu\nID_LIKE=debian\nHOME_URL="https://www.ubuntu.com/"\nSUPPORT_URL="https://help.ubuntu.com/"\nBUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"\nPRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"\nUBUNTU_CODENAME=noble\nLOGO=ubuntu-logo\n',
  alpine: 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.21.2\nPRETTY_NAME="Alpine Linux v3.21"\nHOME_URL="https://alpinelinux.org/"\nBUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"\n',
  distroless: 'PRETTY_NAME="Distroless"\nNAME="Debian GNU/Linux"\nID="debian"\nVERSION_ID="12"\nVERSION="Debian GNU/Linux 12 (bookworm)"\nHOME_URL="https://github.com/GoogleContainerTools/distroless"\n',
};

export interface PodFiles {
  hostname: string;
  podIP: string;
  namespace: string;
  /** Extra /etc/hosts entries (hostAliases), already formatted. */
  hostAliases?: string[];
  hostNetwork?: boolean;
  dnsPolicy?: string;
}

/** The image's files and the kubelet-managed ones, as path → content. */
export function baseFiles(os: OsFlavor, imageFiles: Record<string, string>, pod: PodFiles): Map<string, string> {
  const f = new Map<string, string>();
  if (os !== 'scratch') {
    f.set('/etc/passwd', os === 'busybox' ? 'root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\nbin:x:2:2:bin:/bin:/bin/false\nsys:x:3:3:sys:/dev:/bin/false\nsync:x:4:100:sync:/bin:/bin/sync\nmail:x:8:8:mail:/var/spool/mail:/bin/false\nwww-data:x:33:33:www-data:/var/www:/bin/false\noperator:x:37:37:Operator:/var:/bin/false\nnobody:x:65534:65534:nobody:/home:/bin/false\n' : 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nbin:x:2:2:bin:/bin:/usr/sbin/nologin\nsys:x:3:3:sys:/dev:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n');
    f.set('/etc/group', 'root:x:0:\n');
  }
  const rel = OS_RELEASE[os];
  if (rel) f.set('/etc/os-release', rel);
  if (os === 'alpine') f.set('/etc/alpine-release', '3.21.2\n');
  if (os === 'debian') f.set('/etc/debian_version', '12.8\n');
  f.set('/etc/hostname', `${pod.hostname}\n`);
  f.set('/etc/hosts', [
    '# Kubernetes-managed hosts file.',
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'fe00::0\tip6-mcastprefix',
    'fe00::1\tip6-allnodes',
    'fe00::2\tip6-allrouters',
    ...(pod.podIP && !pod.hostNetwork ? [`${pod.podIP}\t${pod.hostname}`] : []),
    ...(pod.hostAliases ?? []),
    '',
  ].join('\n'));
  f.set('/etc/resolv.conf', pod.hostNetwork && pod.dnsPolicy !== 'ClusterFirstWithHostNet'
    ? 'nameserver 172.18.0.1\noptions edns0 trust-ad ndots:0\n'
    : `search ${pod.namespace}.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n`);
  for (const [p, c] of Object.entries(imageFiles)) f.set(p, c);
  return f;
}

/** Directories of the image: top-level ones plus every parent of a file. */
export function baseDirs(os: OsFlavor, files: Iterable<string>): Set<string> {
  const dirs = new Set<string>(['/', ...DIRS[os].map((d) => `/${d}`)]);
  for (const extra of ['/usr/bin', '/usr/local', '/usr/local/bin', '/usr/share', '/var/log', '/var/run', '/root']) if (os !== 'scratch') dirs.add(extra);
  for (const p of files) {
    const parts = p.split('/').slice(1, -1);
    for (let i = 1; i <= parts.length; i++) dirs.add(`/${parts.slice(0, i).join('/')}`);
  }
  return dirs;
}
