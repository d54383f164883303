// Time formats applications write in their logs, from virtual ms (always UTC).

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');
const p3 = (n: number) => String(n).padStart(3, '0');

function parts(ms: number) {
  const d = new Date(ms);
  return {
    y: d.getUTCFullYear(), mo: d.getUTCMonth(), d: d.getUTCDate(), wd: d.getUTCDay(),
    h: d.getUTCHours(), mi: d.getUTCMinutes(), s: d.getUTCSeconds(), ms: d.getUTCMilliseconds(),
  };
}

/** `date` in the C locale: `Wed Jan 15 09:00:01 UTC 2025`. */
export function unixDate(ms: number): string {
  const t = parts(ms);
  return `${DAYS[t.wd]} ${MONTHS[t.mo]} ${p2(t.d)} ${p2(t.h)}:${p2(t.mi)}:${p2(t.s)} UTC ${t.y}`;
}

/** nginx error log: `2025/01/15 09:00:05`. */
export function nginxTime(ms: number): string {
  const t = parts(ms);
  return `${t.y}/${p2(t.mo + 1)}/${p2(t.d)} ${p2(t.h)}:${p2(t.mi)}:${p2(t.s)}`;
}

/** Common Log Format: `15/Jan/2025:09:00:10 +0000`. */
export function clfTime(ms: number): string {
  const t = parts(ms);
  return `${p2(t.d)}/${MONTHS[t.mo]}/${t.y}:${p2(t.h)}:${p2(t.mi)}:${p2(t.s)} +0000`;
}

/** Redis: `15 Jan 2025 09:00:05.123`. */
export function redisTime(ms: number): string {
  const t = parts(ms);
  return `${p2(t.d)} ${MONTHS[t.mo]} ${t.y} ${p2(t.h)}:${p2(t.mi)}:${p2(t.s)}.${p3(t.ms)}`;
}

/** Apache error log: `Wed Jan 15 09:00:05.123456 2025`. */
export function apacheTime(ms: number): string {
  const t = parts(ms);
  return `${DAYS[t.wd]} ${MONTHS[t.mo]} ${p2(t.d)} ${p2(t.h)}:${p2(t.mi)}:${p2(t.s)}.${p3(t.ms)}${p3((ms * 7) % 1000)} ${t.y}`;
}

/** `2025-01-15 09:00:05.123` (PostgreSQL adds ` UTC`). */
export function sqlTime(ms: number): string {
  const t = parts(ms);
  return `${t.y}-${p2(t.mo + 1)}-${p2(t.d)} ${p2(t.h)}:${p2(t.mi)}:${p2(t.s)}.${p3(t.ms)}`;
}

/** ISO 8601 with microseconds: `2025-01-15T09:00:05.123456Z` (MySQL). */
export function isoMicros(ms: number): string {
  const t = parts(ms);
  return `${t.y}-${p2(t.mo + 1)}-${p2(t.d)}T${p2(t.h)}:${p2(t.mi)}:${p2(t.s)}.${p3(t.ms)}${p3((ms * 13) % 1000)}Z`;
}

/** klog header: `I0115 09:00:05.123456       1`. */
export function klogTime(ms: number, level = 'I'): string {
  const t = parts(ms);
  return `${level}${p2(t.mo + 1)}${p2(t.d)} ${p2(t.h)}:${p2(t.mi)}:${p2(t.s)}.${p3(t.ms)}${p3((ms * 11) % 1000)}       1`;
}

/** RFC 3339 with nanoseconds, trailing zeros trimmed (Go's RFC3339Nano). */
export function rfc3339Nano(ms: number, extraNanos = 0): string {
  const base = new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19);
  const nanos = (ms % 1000) * 1_000_000 + extraNanos;
  if (nanos === 0) return `${base}Z`;
  return `${base}.${String(nanos).padStart(9, '0').replace(/0+$/, '')}Z`;
}
