// The boot carried in the worker's name: what the page derives and what the worker derives agree.
import { describe, expect, it } from 'vitest';
import { bootOptionsFromUrl, withStartMs } from '../ui/bootOptions';
import { bootFromName, bootName, pageBoot, WORKER_NAME } from './bootname';
import { PROTOCOL_VERSION, type BootMessage } from './protocol';

describe('bootName / bootFromName', () => {
  it('round-trips a page start (query string and start time) into the boot the page derives', () => {
    const start = { search: '?seed=7&nodes=5', t: Date.UTC(2025, 0, 15, 9) };
    const name = bootName(start);
    expect(name.startsWith(`${WORKER_NAME} `)).toBe(true);
    const boot: BootMessage = { type: 'boot', version: PROTOCOL_VERSION, seed: 7, nodes: 5, startMs: Date.UTC(2025, 0, 15, 9) };
    expect(bootFromName(name)).toEqual(boot);
  });

  it('derives the boot of a page from its query string and start time, as the page does', () => {
    const t = Date.UTC(2025, 0, 15, 9, 0, 0, 600);
    const name = `${WORKER_NAME} ${JSON.stringify({ search: '?seed=42&nodes=2', t })}`;
    expect(bootFromName(name)).toEqual({ type: 'boot', version: PROTOCOL_VERSION, ...withStartMs(bootOptionsFromUrl('?seed=42&nodes=2'), t) });
    // Rounded to the second, as the page rounds it.
    expect(bootFromName(name)?.startMs).toBe(Date.UTC(2025, 0, 15, 9, 0, 1));
    // A start time in the URL wins over the page's clock.
    expect(pageBoot({ search: '?start=2024-02-03T04:05:06Z', t }).startMs).toBe(Date.UTC(2024, 1, 3, 4, 5, 6));
  });

  it('finds no boot in a plain or malformed name', () => {
    for (const name of ['', WORKER_NAME, `${WORKER_NAME} {`, `${WORKER_NAME} {"type":"boot"}`, `${WORKER_NAME} {"type":"boot","version":1,"seed":1,"nodes":3,"startMs":0}`, `${WORKER_NAME} {"search":1,"t":2}`, `${WORKER_NAME} {"search":"","t":null}`, `other {"search":"","t":1}`, `${WORKER_NAME} null`]) {
      expect(bootFromName(name), name).toBeUndefined();
    }
  });
});
