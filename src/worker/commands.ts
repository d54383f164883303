// The kubectl commands running in the worker (`get -w`, `rollout status`, `logs -f`, …), by
// request id: the clock loop feeds them (kubectl/process.ts), each flush sends what they printed
// as `output` messages, and a command that ends (by itself or by `cancel`) gets its reply.

import type { KubectlProcess } from '../sim/kubectl/process';
import type { FromWorker, KubectlReply, ReplyMessage } from './protocol';

/** A kubectl reply: the output not streamed yet, and the context's namespace after the command. */
export function kubectlReply(proc: KubectlProcess, namespace: string | undefined): KubectlReply {
  const value: KubectlReply = { ...proc.result(), namespace };
  return proc.streamed ? { ...value, streamed: true } : value;
}

export class RunningCommands {
  private readonly running = new Map<number, { proc: KubectlProcess; atMs: number }>();

  add(id: number, proc: KubectlProcess, atMs: number): void {
    this.running.set(id, { proc, atMs });
  }

  processes(): KubectlProcess[] {
    return [...this.running.values()].map((r) => r.proc);
  }

  /** Ctrl+C: ends the command now (exit code 130); the next `pump` replies. False for unknown ids. */
  cancel(id: number): boolean {
    const r = this.running.get(id);
    r?.proc.cancel();
    return r !== undefined;
  }

  /**
   * Lets the commands see changes made while time stood still (commands, a paused clock), posts
   * what they printed, and returns the replies of those that ended (their last lines in it).
   */
  pump(post: (m: FromWorker) => void, namespace: string | undefined): ReplyMessage[] {
    const replies: ReplyMessage[] = [];
    for (const [id, { proc, atMs }] of this.running) {
      proc.tick();
      if (!proc.done) {
        for (const chunk of proc.takeOutput()) post({ type: 'output', id, stream: chunk.stream, text: chunk.text });
        continue;
      }
      this.running.delete(id);
      replies.push({ type: 'reply', id, result: { ok: true, op: 'kubectl', value: kubectlReply(proc, namespace) }, atMs });
    }
    return replies;
  }

  /** A new cluster: the old one's commands end as if interrupted; returns their replies. */
  endAll(namespace: string | undefined): ReplyMessage[] {
    const replies: ReplyMessage[] = [];
    for (const [id, { proc, atMs }] of this.running) {
      proc.cancel();
      replies.push({ type: 'reply', id, result: { ok: true, op: 'kubectl', value: kubectlReply(proc, namespace) }, atMs });
    }
    this.running.clear();
    return replies;
  }
}
