// The worker's boot carried in its name (`new Worker(url, { name })`), so a worker started while
// the page loads boots as soon as its script has run. A message posted to a worker that has not
// yet run its script is held by the browser until the page's main thread has heard that it ran
// (Chromium queues such messages in the parent and sends them from there), and at start-up that
// thread is busy loading the app: the boot message waited ≈ 40–130 ms for it.
//
// One form, whoever starts the worker (the script index.html runs before the app's code,
// src/ui/pageStart.script.ts, or the entry on the dev server, src/ui/earlyWorker.ts): the page's
// query string and the time it started, from which the worker derives the boot message exactly as
// the page does (`pageBoot`). Never a snapshot: restarts and share links post theirs.

import { bootOptionsFromUrl, withStartMs } from '../ui/bootOptions';
import { WORKER_NAME } from '../ui/pageStart.script';
import { PROTOCOL_VERSION, type BootMessage } from './protocol';

export { WORKER_NAME };

/** What a worker started with its boot is named: the page's query string and start time. */
export interface PageStartName {
  search: string;
  /** Date.now() when the page started the worker: the default virtual start time. */
  t: number;
}

/** The boot message of a page started with `search` at `t` (what the page's entry derives too). */
export function pageBoot({ search, t }: PageStartName): BootMessage {
  return { type: 'boot', version: PROTOCOL_VERSION, ...withStartMs(bootOptionsFromUrl(search), t) };
}

/**
 * The name of a worker that boots itself as the page at `start` would boot it. index.html's
 * start-up script writes the same name by hand (it may import nothing); pageStart.test.ts checks
 * that both agree.
 */
export function bootName(start: PageStartName): string {
  return `${WORKER_NAME} ${JSON.stringify({ search: start.search, t: start.t })}`;
}

/** The boot message a worker's name carries, if it carries one. */
export function bootFromName(name: string): BootMessage | undefined {
  if (!name.startsWith(`${WORKER_NAME} {`)) return undefined;
  try {
    const msg = JSON.parse(name.slice(WORKER_NAME.length + 1)) as Record<string, unknown> | null;
    if (!msg || typeof msg !== 'object') return undefined;
    return typeof msg.search === 'string' && typeof msg.t === 'number' && Number.isFinite(msg.t) ? pageBoot({ search: msg.search, t: msg.t }) : undefined;
  } catch {
    return undefined;
  }
}
