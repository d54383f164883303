import { describe, expect, it } from 'vitest';
import { Rng } from './rng';
import { generateName, NAME_ALPHABET, uuid } from './ids';
import { EventQueue } from './queue';
import { parseDuration, rfc3339 } from './time';

describe('Rng', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const sa = Array.from({ length: 20 }, () => a.uint32());
    expect(Array.from({ length: 20 }, () => b.uint32())).toEqual(sa);
    expect(Array.from({ length: 20 }, () => c.uint32())).not.toEqual(sa);
  });

  it('resumes from its state', () => {
    const a = new Rng(7);
    a.int(10);
    const b = new Rng(a.state());
    expect(Array.from({ length: 10 }, () => b.int(1000))).toEqual(Array.from({ length: 10 }, () => a.int(1000)));
  });

  it('draws integers within bounds, roughly uniformly', () => {
    const r = new Rng(1);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 6000; i++) counts[r.int(6)]++;
    for (const c of counts) expect(c).toBeGreaterThan(850);
    expect(() => r.int(0)).toThrow(RangeError);
  });
});

describe('ids', () => {
  it('generateName appends 5 characters of the apimachinery alphabet', () => {
    const name = generateName(new Rng(3), 'web-7c5ddbdf54-');
    expect(name).toMatch(new RegExp(`^web-7c5ddbdf54-[${NAME_ALPHABET}]{5}$`));
  });

  it('truncates a long base to 58 characters', () => {
    const name = generateName(new Rng(3), 'x'.repeat(80));
    expect(name.length).toBe(63);
  });

  it('uuids are v4-shaped', () => {
    const r = new Rng(9);
    for (let i = 0; i < 50; i++) expect(uuid(r)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('uuids draw the rng as before they were built in one piece (same seed, same uids)', () => {
    const r = new Rng(42);
    expect([uuid(r), uuid(r)]).toEqual(['700a80d8-fd5a-4bfa-98a9-2c112fde095f', '2eb44646-c7d3-4d1c-9bec-80e30421d458']);
  });
});

describe('EventQueue', () => {
  it('orders by time, then insertion sequence', () => {
    const q = new EventQueue();
    q.push(20, 'b', 1);
    q.push(10, 'a', 1);
    q.push(20, 'c', 1);
    q.push(10, 'd', 1);
    q.push(5, 'e', 1);
    expect(Array.from({ length: 5 }, () => q.pop()!.type)).toEqual(['e', 'a', 'd', 'b', 'c']);
    expect(q.pop()).toBeUndefined();
  });

  it('round-trips through a snapshot with the same order', () => {
    const q = new EventQueue();
    const r = new Rng(5);
    for (let i = 0; i < 200; i++) q.push(r.int(50), `t${i}`, { i });
    const copy = EventQueue.restore(JSON.parse(JSON.stringify(q.snapshot())));
    copy.push(25, 'late', null);
    q.push(25, 'late', null);
    const drain = (x: EventQueue) => Array.from({ length: x.size }, () => x.pop()!.type);
    expect(drain(copy)).toEqual(drain(q));
  });
});

describe('EventQueue.removeWhere', () => {
  it('pops the remaining events in (time, sequence) order after rounds of pushes, cancels and pops', () => {
    const r = new Rng(3);
    const q = new EventQueue();
    const ref: { atMs: number; seq: number; type: string }[] = [];
    let seq = 0;
    for (let round = 0; round < 40; round++) {
      for (let i = 0; i < 100; i++) {
        const atMs = round * 10 + r.int(100);
        const type = `t${r.int(7)}`;
        q.push(atMs, type, null);
        ref.push({ atMs, seq: seq++, type });
      }
      const victim = `t${r.int(7)}`;
      const expected = ref.filter((e) => e.type === victim).length;
      expect(q.removeWhere((e) => e.type === victim)).toBe(expected);
      for (let i = ref.length - 1; i >= 0; i--) if (ref[i]!.type === victim) ref.splice(i, 1);
      ref.sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
      expect(q.size).toBe(ref.length);
      expect(q.snapshot().events.map((e) => e.seq)).toEqual(ref.map((e) => e.seq));
      for (let i = 0; i < 30 && q.size > 0; i++) {
        const top = q.peek()!;
        const popped = q.pop()!;
        expect(popped).toBe(top);
        const want = ref.shift()!;
        expect([popped.atMs, popped.seq, popped.type]).toEqual([want.atMs, want.seq, want.type]);
      }
    }
  });

  it('removes exactly the matching events, once', () => {
    const q = new EventQueue();
    for (let i = 0; i < 3000; i++) q.push(i % 97, i % 3 === 0 ? 'x' : 'y', i);
    expect(q.removeWhere((e) => e.type === 'x')).toBe(1000);
    expect(q.removeWhere((e) => e.type === 'x')).toBe(0);
    expect(q.size).toBe(2000);
    expect(q.snapshot().events.every((e) => e.type === 'y')).toBe(true);
    const restored = EventQueue.restore(JSON.parse(JSON.stringify(q.snapshot())));
    const drain = (x: EventQueue) => Array.from({ length: x.size }, () => x.pop()!.data);
    expect(drain(q)).toEqual(drain(restored));
    expect(q.pop()).toBeUndefined();
    expect(q.peek()).toBeUndefined();
  });
});

describe('time', () => {
  it('formats successive seconds (the last one is cached)', () => {
    const t = Date.UTC(2025, 0, 15, 9, 0, 0);
    expect([t, t + 999, t + 1000, t, t + 61_000].map(rfc3339)).toEqual([
      '2025-01-15T09:00:00Z', '2025-01-15T09:00:00Z', '2025-01-15T09:00:01Z', '2025-01-15T09:00:00Z', '2025-01-15T09:01:01Z',
    ]);
    expect(() => rfc3339(NaN)).toThrow(RangeError);
  });

  it('formats RFC3339 with second precision', () => {
    expect(rfc3339(Date.UTC(2025, 0, 15, 9, 0, 0, 999))).toBe('2025-01-15T09:00:00Z');
  });

  it('parses Go durations', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('5x')).toBeUndefined();
    expect(parseDuration('')).toBeUndefined();
  });
});
