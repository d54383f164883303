import { beforeEach, describe, expect, it } from 'vitest';
import type { CommandResult } from '../../worker/protocol';
import type { Bridge, BootOptions } from '../bridge';
import { useBuffers } from '../editor/buffers';
import { encodeShare } from './codec';
import { actionLog, openSharedBuffers, startPlayground, useShareStore } from './session';
import type { ShareState } from './state';

const START = Date.UTC(2025, 0, 15, 9);
const STEP: CommandResult = { ok: true, op: 'step', value: { nowMs: START + 9000, advancedMs: 0 } };
const KUBECTL: CommandResult = { ok: true, op: 'kubectl', value: { output: '', stdout: '', stderr: '', exitCode: 0 } } as unknown as CommandResult;

/** Records the calls startPlayground makes, in order. */
function fakeBridge() {
  const calls: string[] = [];
  const bridge = {
    setTap: () => calls.push('setTap'),
    setClock: (playing: boolean) => calls.push(`setClock ${playing}`),
    boot: (o: BootOptions) => calls.push(`boot ${JSON.stringify(o)}`),
    stepTo: async (at: number) => (calls.push(`stepTo ${at}`), STEP),
    startKubectl: (line: string) => (calls.push(`kubectl ${line}`), { id: 1, result: Promise.resolve(KUBECTL) }),
    cancel: (id: number) => calls.push(`cancel ${id}`),
  };
  return { bridge: bridge as unknown as Bridge, calls };
}

const loc = (hash: string) => ({ hash, pathname: '/', search: '' });

describe('share session', () => {
  beforeEach(() => useShareStore.getState().setBanner(null));

  it('opens shared buffers as new tabs, never over the user’s', () => {
    const mine = useBuffers.getState().tabs.map((t) => ({ name: t.name, text: t.text }));
    expect(openSharedBuffers([...mine, { name: mine[0].name, text: 'theirs' }, { name: 'db.yaml', text: 'kind: Service' }])).toBe(2);
    const tabs = useBuffers.getState().tabs;
    expect(tabs.slice(0, mine.length).map((t) => ({ name: t.name, text: t.text }))).toEqual(mine);
    expect(tabs.slice(mine.length).map((t) => t.name)).toEqual([mine[0].name.replace('.yaml', '-2.yaml'), 'db.yaml']);
  });

  it('boots a link’s cluster paused, then replays its actions and says so', async () => {
    const state: ShareState = { v: 1, seed: 4, nodes: 2, startMs: START, endMs: START + 9000, buffers: [], actions: [{ at: START + 3000, op: 'kubectl', line: 'kubectl create namespace a' }] };
    const { bridge, calls } = fakeBridge();
    startPlayground(bridge, loc(`#share=${encodeShare(state)}`), { seed: 1, nodes: 3 });
    await expect.poll(() => useShareStore.getState().banner?.text).toBe('Replayed 1 action from a shared link. The clock is paused.');
    expect(calls).toEqual(['setTap', 'setClock false', `boot {"seed":4,"nodes":2,"startMs":${START}}`, `stepTo ${START + 3000}`, 'kubectl kubectl create namespace a', `stepTo ${START + 9000}`]);
    expect(useShareStore.getState().replaying).toBe(false);
  });

  it('boots the normal playground, with its start time fixed, when the link is broken', async () => {
    const { bridge, calls } = fakeBridge();
    startPlayground(bridge, loc('#share=v1.%%%'), { seed: 1, nodes: 3 });
    // The codec loads first (its own chunk): nothing boots until the link is read.
    expect(calls).toEqual(['setTap']);
    await expect.poll(() => calls.length).toBe(2);
    expect(useShareStore.getState().banner).toEqual({ kind: 'error', text: 'share link is not valid: the payload has a character that is not base64url at position 1. Started a new playground instead.' });
    expect(calls[0]).toBe('setTap');
    expect(calls[1]).toMatch(/^boot \{"seed":1,"nodes":3,"startMs":\d+000\}$/);
    expect(calls).toHaveLength(2);
  });

  it('feeds the page’s action log from the bridge', () => {
    const { bridge } = fakeBridge();
    let tap: unknown;
    (bridge as unknown as { setTap: (t: unknown) => void }).setTap = (t) => (tap = t);
    startPlayground(bridge, loc(''), { seed: 1, nodes: 3, startMs: START });
    expect(tap).toBe(actionLog);
  });
});
