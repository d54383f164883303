import { describe, expect, it } from 'vitest';
import { editDistance, imageIdOf, parseImageRef, resolveImage, stableHex } from './reference';
import { CATALOG } from './catalog';

describe('image references', () => {
  it('normalizes as containerd does', () => {
    expect(parseImageRef('nginx')).toMatchObject({ normalized: 'docker.io/library/nginx:latest', shortName: 'nginx', tag: 'latest' });
    expect(parseImageRef('luksa/kubia:v2')).toMatchObject({ normalized: 'docker.io/luksa/kubia:v2', shortName: 'luksa/kubia' });
    expect(parseImageRef('registry.k8s.io/pause:3.10')).toMatchObject({ repository: 'registry.k8s.io/pause', shortName: 'registry.k8s.io/pause' });
    expect(parseImageRef('docker.io/library/redis:7')).toMatchObject({ shortName: 'redis', tag: '7' });
    expect(parseImageRef('Nginx')).toEqual({ error: 'couldn\'t parse image name "Nginx": invalid reference format: repository name (library/Nginx) must be lowercase' });
  });

  it('knows catalog images and accepts version tags', () => {
    expect(resolveImage('nginx:1.27.3-alpine').kind).toBe('known');
    expect(resolveImage('busybox:1.37').kind).toBe('known');
    expect(resolveImage('luksa/kubia:v3').kind).toBe('known');
    expect(resolveImage('myorg/app:1.0').kind).toBe('unknown');
  });

  it('a near-miss name is denied; an unknown tag is not found', () => {
    const typo = resolveImage('ngnix');
    expect(typo.kind).toBe('denied');
    expect(typo.kind === 'denied' && typo.message).toBe('rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/ngnix:latest": failed to resolve reference "docker.io/library/ngnix:latest": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed');
    const tag = resolveImage('nginx:lates');
    expect(tag.kind === 'notFound' && tag.message).toBe('rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:lates": failed to resolve reference "docker.io/library/nginx:lates": docker.io/library/nginx:lates: not found');
    expect(resolveImage('luksa/kubia:v9').kind).toBe('notFound');
    expect(resolveImage('busybx').kind).toBe('denied');
    expect(editDistance('ngnix', 'nginx')).toBe(2);
  });

  it('digests are stable per reference', () => {
    const r = parseImageRef('nginx:1.27');
    if ('error' in r) throw new Error(r.error);
    expect(imageIdOf(r)).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(imageIdOf(r)).toBe(imageIdOf(parseImageRef('docker.io/library/nginx:1.27') as typeof r));
  });

  it('covers the images the brief names', () => {
    const names = CATALOG.map((e) => e.name);
    for (const n of ['nginx', 'httpd', 'busybox', 'alpine', 'ubuntu', 'debian', 'redis', 'postgres', 'mysql', 'mongo', 'memcached', 'registry.k8s.io/pause',
      'luksa/kubia', 'luksa/kubia-unhealthy', 'luksa/batch-job', 'luksa/fortune', 'luksa/ssd-monitor', 'luksa/kubia-pet',
      'registry.k8s.io/etcd', 'registry.k8s.io/kube-apiserver', 'registry.k8s.io/coredns/coredns', 'kindest/kindnetd', 'registry.k8s.io/kube-proxy']) {
      expect(names).toContain(n);
    }
  });

  it('stableHex: the same digests as before it joined its pieces once (ids in snapshots and goldens)', () => {
    // Values produced by the earlier string-appending version.
    expect(stableHex('a/b/1')).toBe('f244ef72d95fd8dfc5218d00b7726362270b2ed8edc5630364c58672eb2afde2');
    expect(stableHex('x', 4)).toBe('4593');
    expect(stableHex('pod-uid/sandbox/7', 20)).toBe('815f6a7e614e113f572b');
  });
});
