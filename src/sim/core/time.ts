// Virtual time helpers. Timestamps are RFC3339 with second precision, as metav1.Time serializes.

import { BoundedMap } from './boundedmap';

/** The default start of virtual time: a realistic, fixed date. */
export const DEFAULT_START_MS = Date.UTC(2025, 0, 15, 9, 0, 0); // allowed: a constant, not a clock read

/** The last second formatted: most timestamps written in a row fall in the same virtual second. */
let cachedSecond = NaN;
let cachedText = '';
/**
 * Seconds formatted before, by second: writers alternate between a few seconds (a pod status has
 * the sync time, the pod's start and each container's start), which the one-entry cache above
 * would miss every time. Emptied when full.
 */
const texts = new BoundedMap<number, string>(4096);

export function rfc3339(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== cachedSecond) {
    let text = texts.get(second);
    if (text === undefined) {
      // Formats before caching, so an invalid time throws (RangeError) every time, as before.
      text = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
      texts.set(second, text);
    }
    cachedText = text;
    cachedSecond = second;
  }
  return cachedText;
}

export function parseTime(s: string | undefined): number | undefined {
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

/** Parses durations as Go's time.ParseDuration does for the units people type: `90s`, `5m`, `1h30m`, `250ms`. */
export function parseDuration(s: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  if (s === '0') return 0;
  while ((m = re.exec(s)) !== null) {
    const n = Number(m[1]);
    total += n * (m[2] === 'ms' ? 1 : m[2] === 's' ? 1000 : m[2] === 'm' ? 60_000 : 3_600_000);
    matched = re.lastIndex;
  }
  return matched === s.length && s.length > 0 ? Math.round(total) : undefined;
}

/** Go's time.Duration.String() for whole milliseconds: `40s`, `1m20s`, `5m0s`, `820ms`, `2.345s`. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  const sec = `${Number.isInteger(s) ? s : s.toFixed(3).replace(/0+$/, '')}s`;
  if (h > 0) return `${h}h${m}m${sec}`;
  if (m > 0) return `${m}m${sec}`;
  return sec;
}
