// The store's traffic slice: totals replaced per batch, records handed to the dots by recordsId.
import { describe, expect, it } from 'vitest';
import type { BatchMessage, TrafficBatch } from '../worker/protocol';
import { useUiStore } from './store';

const batch = (traffic?: TrafficBatch): BatchMessage => ({ type: 'batch', rv: 1, nowMs: 1000, added: {}, updated: {}, removed: [], ...(traffic ? { traffic } : {}) });
const totals = (sent: number) => [{ name: 'load', url: 'http://web', rps: 10, running: true, sent, succeeded: sent, failed: {}, byPod: { 'default/web-a': sent } }];

describe('traffic slice', () => {
  it('keeps totals, bumps recordsId only for new records, and survives batches without traffic', () => {
    const s = useUiStore.getState;
    s().mirrorBatch(batch({ lastSeq: 2, records: [{ seq: 1, atMs: 0, client: 'load', ok: true }, { seq: 2, atMs: 100, client: 'load', ok: false, reason: 'timeout' }], dropped: 3, clients: totals(2) }));
    expect(s().traffic.recordsId).toBe(1);
    expect(s().traffic.records.map((r) => r.seq)).toEqual([1, 2]);
    expect(s().traffic.dropped).toBe(3);
    s().mirrorBatch(batch());
    expect(s().traffic.recordsId).toBe(1);
    s().mirrorBatch(batch({ lastSeq: 2, records: [], dropped: 0, clients: totals(5) }));
    expect(s().traffic.recordsId).toBe(1);
    expect(s().traffic.clients[0].sent).toBe(5);
    s().mirrorReset({ type: 'ready', version: 0, snapshotRv: 0, nowMs: 0, playing: true, speed: 1, objects: [], kinds: [] });
    expect(s().traffic).toEqual({ clients: [], records: [], recordsId: 0, dropped: 0 });
  });
});
