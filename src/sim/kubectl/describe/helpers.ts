// Pieces every describer uses (kubectl/pkg/describe/describe.go): labels and annotations
// multiline, tolerations, RFC1123Z times, `Terminating (lasts …)` ages and the Events table.
import type { KObject } from '../../api/types';
import { humanDuration, parseTimestamp, translateTimestampSince } from '../printers/duration';
import { goSort } from '../printers/gosort';
import { LEVEL_0, LEVEL_1, type PrefixWriter } from './writer';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

const byteCompare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Go's sort.Sort / sort.Slice (not stable: equal elements end up where Go puts them). */
export function goSorted<T>(items: readonly T[], less: (a: T, b: T) => boolean): T[] {
  const out = [...items];
  goSort({ len: () => out.length, less: (i, j) => less(out[i], out[j]), swap: (i, j) => ([out[i], out[j]] = [out[j], out[i]]) });
  return out;
}

/** Go's time.RFC1123Z in UTC: `Wed, 15 Jan 2025 09:00:03 +0000`. */
export function rfc1123z(ts: string | undefined | null): string {
  const t = parseTimestamp(ts);
  const d = new Date(t ?? Date.UTC(1, 0, 1));
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p2 = (n: number) => String(n).padStart(2, '0');
  const y = String(d.getUTCFullYear()).padStart(4, '0');
  return `${days[d.getUTCDay()]}, ${p2(d.getUTCDate())} ${months[d.getUTCMonth()]} ${y} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
}

/** printLabelsMultilineWithIndent. */
export function printLabelsMultiline(w: PrefixWriter, title: string, labels: Record<string, string> | undefined | null, initialIndent = '', innerIndent = '\t'): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  const keys = Object.keys(labels ?? {}).sort(byteCompare);
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((k, i) => {
    if (i !== 0) w.write(LEVEL_0, `${initialIndent}${innerIndent}`);
    w.write(LEVEL_0, `${k}=${labels![k]}\n`);
  });
}

const SKIP_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);
const MAX_ANNOTATION_LEN = 140;

export function printAnnotationsMultiline(w: PrefixWriter, title: string, annotations: Record<string, string> | undefined | null): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = Object.keys(annotations ?? {}).filter((k) => !SKIP_ANNOTATIONS.has(k)).sort(byteCompare);
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((k, i) => {
    if (i !== 0) w.write(LEVEL_0, '\t');
    const value = annotations![k].replace(/\n$/, '');
    if (value.length + k.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(LEVEL_0, `${k}:\n`);
      for (const s of value.split('\n')) w.write(LEVEL_0, `\t  ${s.length > MAX_ANNOTATION_LEN - 2 ? `${s.slice(0, MAX_ANNOTATION_LEN - 2)}...` : s}\n`);
    } else {
      w.write(LEVEL_0, `${k}: ${value}\n`);
    }
  });
}

/** printTolerationsMultilineWithIndent. */
export function printTolerationsMultiline(w: PrefixWriter, title: string, tolerations: Json[] | undefined): void {
  w.write(LEVEL_0, `${title}:\t`);
  if ((tolerations ?? []).length === 0) {
    w.writeLine('<none>');
    return;
  }
  const list = goSorted(tolerations!, (a, b) => (a.key ?? '') < (b.key ?? ''));
  list.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, '\t');
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
    w.write(LEVEL_0, `${s}\n`);
  });
}

/** printTaintsMultiline (for node describers). */
export function printTaintsMultiline(w: PrefixWriter, title: string, taints: Json[] | undefined): void {
  w.write(LEVEL_0, `${title}:\t`);
  if ((taints ?? []).length === 0) {
    w.writeLine('<none>');
    return;
  }
  const list = goSorted(taints!, (a, b) => `${a.effect},${a.key}` < `${b.effect},${b.key}`);
  list.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, '\t');
    w.write(LEVEL_0, `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}\n`);
  });
}

/** The Events the describe of `obj` shows (involvedObject name, namespace and uid). */
export function eventsFor(store: { list(kindKey: string, ns?: string): KObject[] }, obj: KObject): KObject[] {
  const ns = obj.metadata.namespace || 'default';
  return store.list('/Event', ns).filter((e) => {
    const io = e.involvedObject ?? {};
    return io.name === obj.metadata.name && (io.namespace ?? '') === (obj.metadata.namespace ?? '') && (!io.uid || io.uid === obj.metadata.uid);
  }).concat(store.list('events.k8s.io/Event', ns).filter((e) => e.regarding?.name === obj.metadata.name && (!e.regarding?.uid || e.regarding.uid === obj.metadata.uid)).map(fromEventsV1));
}

function fromEventsV1(e: KObject): KObject {
  return { ...e, involvedObject: e.regarding, message: e.note, source: { component: e.deprecatedSource?.component ?? '' }, reportingComponent: e.reportingController, count: e.deprecatedCount, firstTimestamp: e.deprecatedFirstTimestamp, lastTimestamp: e.deprecatedLastTimestamp };
}

/** DescribeEvents: `Events:  <none>` or the table, sorted by last time seen. */
export function describeEvents(w: PrefixWriter, events: KObject[], nowMs: number): void {
  if (events.length === 0) {
    w.write(LEVEL_0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  // SortableEvents orders by lastTimestamp; events.k8s.io events have none (zero), so they come first.
  const last = (e: KObject) => parseTimestamp(e.lastTimestamp) ?? 0;
  const sorted = goSorted(events, (a, b) => last(a) < last(b));
  w.write(LEVEL_0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(LEVEL_1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    const first = e.eventTime ? translateTimestampSince(e.eventTime, nowMs) : translateTimestampSince(e.firstTimestamp, nowMs);
    let interval = first;
    if (e.series) interval = `${translateTimestampSince(e.series.lastObservedTime, nowMs)} (x${e.series.count} over ${first})`;
    else if ((e.count ?? 0) > 1) interval = `${translateTimestampSince(e.lastTimestamp, nowMs)} (x${e.count} over ${first})`;
    const source = e.source?.component || e.reportingController || e.reportingComponent || '';
    w.write(LEVEL_1, `${e.type ?? ''}\t${e.reason ?? ''}\t${interval}\t${source}\t${String(e.message ?? '').trim()}\n`);
  }
}

/** `Terminating (lasts <invalid>)`: the age of a deletionTimestamp (in the future during the grace period). */
export function lastsFor(ts: string, nowMs: number): string {
  const t = parseTimestamp(ts);
  return t === undefined ? '<unknown>' : humanDuration(nowMs - t);
}

/** `Kind/name` of the controller owner. */
export function controlledBy(o: KObject): string | undefined {
  const ref = o.metadata.ownerReferences?.find((r) => r.controller);
  return ref ? `${ref.kind}/${ref.name}` : undefined;
}
