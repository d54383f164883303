import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { nanosHex } from './recorder.names';

describe('Event names: nanosHex', () => {
  const big = (ms: number, seq: number) => (BigInt(ms) * 1_000_000n + BigInt(seq) * 1_000n).toString(16);

  it('prints what BigInt prints, across the split and for today-like clocks', () => {
    const cases: [number, number][] = [[0, 0], [0, 1], [1, 0], [16_777_215, 0], [16_777_216, 0], [16_777_216, 999], [1_764_134_833_123, 0], [1_764_134_833_123, 7], [2 ** 40 - 1, 2 ** 20 - 1]];
    // A deterministic spread of values (no Math.random in tests either).
    for (let i = 0, x = 12345; i < 2000; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      cases.push([1_700_000_000_000 + x * 37, i % 50]);
    }
    for (const [ms, seq] of cases) expect(nanosHex(ms, seq)).toBe(big(ms, seq));
  });

  it('falls back to BigInt outside the exact range', () => {
    expect(nanosHex(2 ** 45, 3)).toBe(big(2 ** 45, 3));
  });
});

describe('Event names: the lowest free nanos of the ms', () => {
  it('numbers Events about interleaved objects in one ms each from 0, skips taken names and reuses freed ones', () => {
    const c = new Cluster({ seed: 1, nodes: 2 });
    const a = c.get('/Node', undefined, 'kubeplay-worker')!;
    const b = c.get('/Node', undefined, 'kubeplay-worker2')!;
    const now = c.nowMs;
    const name = (obj: string, seq: number) => `${obj}.${nanosHex(now, seq)}`;
    const src = { component: 'tester' };
    // Someone else's Event holds the name a's third Event would get.
    c.kubectl(`create -f -`, {
      stdin: JSON.stringify({ apiVersion: 'v1', kind: 'Event', metadata: { name: name('kubeplay-worker', 2), namespace: 'default' }, involvedObject: { kind: 'Node', name: 'x' } }),
    });
    expect(c.nowMs).toBe(now);
    for (const [obj, msg] of [[a, '1'], [b, '1'], [a, '2'], [b, '2'], [a, '3'], [a, '4']] as const) c.events.record(obj, 'Normal', 'R', msg, src);
    const names = (obj: string) => c.list('/Event', 'default').filter((e) => e.involvedObject.name === obj).map((e) => e.metadata.name);
    expect(names('kubeplay-worker')).toEqual([name('kubeplay-worker', 0), name('kubeplay-worker', 1), name('kubeplay-worker', 3), name('kubeplay-worker', 4)]);
    expect(names('kubeplay-worker2')).toEqual([name('kubeplay-worker2', 0), name('kubeplay-worker2', 1)]);
    // A freed lower name is found again.
    c.api.delete(c.kinds.byKind('Event')!, 'default', name('kubeplay-worker', 1));
    c.events.record(a, 'Normal', 'R', '5', src);
    expect(c.get('/Event', 'default', name('kubeplay-worker', 1))?.message).toBe('5');
    c.events.record(b, 'Normal', 'R', '3', src);
    expect(c.get('/Event', 'default', name('kubeplay-worker2', 2))?.message).toBe('3');
  });
});
