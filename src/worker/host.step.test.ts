// The host's `step` to an absolute virtual time, and the virtual time every reply carries
// (share-link replay runs each recorded action at its time with them).
import { describe, expect, it } from 'vitest';
import type { CommandResult } from './protocol';
import { bootTestHost } from './testhost';

describe('WorkerHost step to an absolute time', () => {
  it('advances to the time, never back, and stamps replies with the time a command ran at', () => {
    const { host, frame, reply } = bootTestHost();
    let id = 0;
    const run = (msg: Record<string, unknown>) => {
      host.handle({ ...msg, id: ++id } as never);
      frame();
      return reply(id)!;
    };
    const start = (run({ type: 'step', mode: 'to', atMs: 0 }).result as Extract<CommandResult, { op: 'step' }>).value.nowMs;
    const to = run({ type: 'step', mode: 'to', atMs: start + 90_500 });
    expect(to.result).toEqual({ ok: true, op: 'step', value: { nowMs: start + 90_500, advancedMs: 90_500 } });
    expect(to.atMs).toBe(start);
    const back = run({ type: 'step', mode: 'to', atMs: start });
    expect(back.result).toEqual({ ok: true, op: 'step', value: { nowMs: start + 90_500, advancedMs: 0 } });
    const k = run({ type: 'kubectl', line: 'kubectl create namespace a' });
    expect(k.atMs).toBe(start + 90_500);
    const bad = run({ type: 'step', mode: 'to' });
    expect(bad.result).toMatchObject({ ok: false, status: { message: 'Internal error occurred: step: mode "to" needs a numeric atMs' } });
    host.dispose();
  });
});
