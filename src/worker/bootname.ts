// The worker's boot carried in its name (`new Worker(url, { name })`), so a worker started while
// the page loads boots as soon as its script has run. A message posted to a worker that has not
// yet run its script is held by the browser until the page's main thread has heard that it ran
// (Chromium queues such messages in the parent and sends them from there), and at start-up that
// thread is busy loading the app: the boot message waited ≈ 40–130 ms for it.
//
// Two forms: a boot message (src/ui/earlyWorker.ts), or the page's query string and the time it
// started (the script index.html runs before the app's code: src/ui/pageStart.script.ts), from which the
// worker derives the boot message as the page does.

import { bootOptionsFromUrl, withStartMs } from '../ui/bootOptions';
import { WORKER_NAME } from '../ui/pageStart.script';
import { PROTOCOL_VERSION, type BootMessage } from './protocol';

export { WORKER_NAME };

/** A name that carries `boot` (seed, nodes, start time; never a snapshot: restarts post theirs). */
export function bootName(boot: BootMessage): string {
  const { type, version, seed, nodes, startMs } = boot;
  return `${WORKER_NAME} ${JSON.stringify({ type, version, seed, nodes, startMs })}`;
}

/** What index.html's start-up script names the worker: the page's query string and start time. */
export interface PageStartName {
  search: string;
  /** Date.now() when the page started the worker: the default virtual start time. */
  t: number;
}

/** The boot message of a page started with `search` at `t` (what the page's entry derives too). */
export function pageBoot({ search, t }: PageStartName): BootMessage {
  return { type: 'boot', version: PROTOCOL_VERSION, ...withStartMs(bootOptionsFromUrl(search), t) };
}

/** The boot message a worker's name carries, if it carries one. */
export function bootFromName(name: string): BootMessage | undefined {
  if (!name.startsWith(`${WORKER_NAME} {`)) return undefined;
  try {
    const msg = JSON.parse(name.slice(WORKER_NAME.length + 1)) as Record<string, unknown> | null;
    if (!msg || typeof msg !== 'object') return undefined;
    if (typeof msg.search === 'string' && typeof msg.t === 'number' && Number.isFinite(msg.t)) return pageBoot({ search: msg.search, t: msg.t });
    return msg.type === 'boot' && typeof msg.version === 'number' ? (msg as unknown as BootMessage) : undefined;
  } catch {
    return undefined;
  }
}
