// Test harness: a WorkerHost over a real Cluster with a fake wall clock and timer, as the
// worker tests drive it (one `frame()` = one animation frame of wall time).
import { Cluster } from '../sim/cluster';
import { FRAME_MS, WorkerHost } from './host';
import { PROTOCOL_VERSION, type FromWorker, type ReplyMessage } from './protocol';

export interface TestHost {
  host: WorkerHost;
  sent: FromWorker[];
  /** Advances the fake wall clock by one frame and fires the pending timer. */
  frame(): void;
  /** The reply to request `id`, if sent. */
  reply(id: number): ReplyMessage | undefined;
}

export function bootTestHost(opts: { nodes?: number; paused?: boolean } = {}): TestHost {
  const sent: FromWorker[] = [];
  let wall = 0;
  let timer: (() => void) | undefined;
  const host = new WorkerHost({
    post: (m) => sent.push(structuredClone(m)),
    wallNow: () => wall,
    dateNow: () => 0,
    setTimer: (fn) => ((timer = fn), 1),
    clearTimer: () => (timer = undefined),
    createCluster: (o) => new Cluster(o),
  });
  host.handle({ type: 'boot', version: PROTOCOL_VERSION, seed: 1, nodes: opts.nodes ?? 3, startMs: Date.UTC(2025, 0, 15, 9) });
  if (opts.paused !== false) host.handle({ type: 'clock', playing: false, speed: 1 });
  const frame = () => {
    wall += FRAME_MS;
    const t = timer;
    timer = undefined;
    t?.();
  };
  const reply = (id: number) => sent.find((m): m is ReplyMessage => m.type === 'reply' && m.id === id);
  return { host, sent, frame, reply };
}
