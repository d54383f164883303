import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng';
import { toYaml } from '../printers';
import { splitLines, unifiedHunks } from './unified';

const lines = (s: string) => splitLines(s);

describe('unified diff (diff -u)', () => {
  it('prints GNU hunks: 3 lines of context, count omitted for 1, empty ranges at the line before', () => {
    const a = lines('a\nb\nc\nd\ne\nf\ng\nh\n');
    expect(unifiedHunks(a, a)).toBe('');
    expect(unifiedHunks(a, lines('a\nb\nc\nD\ne\nf\ng\nh\n'))).toBe('@@ -1,7 +1,7 @@\n a\n b\n c\n-d\n+D\n e\n f\n g\n');
    expect(unifiedHunks([], lines('x\ny\n'))).toBe('@@ -0,0 +1,2 @@\n+x\n+y\n');
    expect(unifiedHunks(lines('x\n'), [])).toBe('@@ -1 +0,0 @@\n-x\n');
    // Changes 7+ lines apart make two hunks; closer ones share one.
    const long = lines(Array.from({ length: 20 }, (_, i) => `l${i}`).join('\n'));
    const two = [...long];
    two[2] = 'X';
    two[17] = 'Y';
    expect(unifiedHunks(long, two).match(/^@@/gm)).toHaveLength(2);
    const one = [...long];
    one[2] = 'X';
    one[8] = 'Y';
    expect(unifiedHunks(long, one).match(/^@@/gm)).toHaveLength(1);
  });

  // GNU diff, where installed, is the reference: random edits of real YAML must diff identically.
  const haveDiff = spawnSync('diff', ['--version']).status === 0;
  it.skipIf(!haveDiff)('matches GNU diff on random edits of kubectl YAML', () => {
    const rng = new Rng(7);
    const dir = mkdtempSync(join(tmpdir(), 'kubeplay-diff-'));
    const base = lines(
      toYaml({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: 'default', labels: { app: 'web', tier: 'front' } },
        spec: {
          replicas: 3,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: {
              containers: [
                { name: 'a', image: 'nginx:1.27', ports: [{ containerPort: 80 }], resources: { requests: { cpu: '100m' } } },
                { name: 'b', image: 'redis:7', ports: [{ containerPort: 6379 }], resources: { requests: { cpu: '100m' } } },
              ],
            },
          },
        },
      }),
    );
    try {
      for (let iter = 0; iter < 300; iter++) {
        const b = [...base];
        for (let m = 0, n = 1 + rng.int(8); m < n; m++) {
          const i = rng.int(b.length);
          const op = rng.int(4);
          if (op === 0) b.splice(i, 1);
          else if (op === 1) b.splice(i, 0, b[rng.int(b.length)]);
          else if (op === 2) b[i] += 'x';
          else b.splice(i, 0, '  added: line');
        }
        writeFileSync(join(dir, 'a'), base.map((l) => `${l}\n`).join(''));
        writeFileSync(join(dir, 'b'), b.map((l) => `${l}\n`).join(''));
        const real = spawnSync('diff', ['-u', join(dir, 'a'), join(dir, 'b')], { encoding: 'utf8' }).stdout;
        expect(unifiedHunks(base, b)).toBe(real.split('\n').slice(2).join('\n'));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
