// Shared pieces of the server-side table printers (pkg/printers/internalversion/printers.go).

import type { KObject } from '../../../api/types';
import { humanDuration, parseTimestamp, translateTimestampSince } from '../duration';

/** A column definition: priority 1 columns appear only with `-o wide`. */
export interface Column {
  name: string;
  priority?: number;
  /** 'name' marks the column that `kind/` is prefixed to when kubectl prints several kinds. */
  format?: 'name';
}

/** A cell as the server sends it; kubectl prints it with fmt.Sprint, nil as empty. */
export type Cell = string | number | boolean | null | undefined;

export interface TableDef {
  columns: readonly Column[];
  /** The cells for every column, wide ones included (the server always generates wide rows). */
  row(obj: KObject, nowMs: number): Cell[];
}

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Json = any;

export const NAME: Column = { name: 'Name', format: 'name' };
export const AGE: Column = { name: 'Age' };
export const wide = (name: string): Column => ({ name, priority: 1 });
export const col = (name: string): Column => ({ name });

export const age = (obj: KObject, nowMs: number): string =>
  translateTimestampSince(obj.metadata?.creationTimestamp, nowMs);

export const nameOf = (obj: KObject): string => obj.metadata?.name ?? '';

/** An integer status/spec field: Go's zero value when absent. */
export const int = (v: unknown, dflt = 0): number => (typeof v === 'number' ? v : dflt);

export const arr = <T = Json>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
export const obj = (v: unknown): Record<string, Json> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, Json>) : {};

/** Byte-wise string comparison, as Go's sort.Strings. */
export const byteCompare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** labels.FormatLabels: `k=v` sorted by key, `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | undefined | null): string {
  const keys = Object.keys(labels ?? {}).sort(byteCompare);
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}

/** metav1.FormatLabelSelector: the selector's String(), `<none>` when empty or nil. */
export function formatLabelSelector(sel: Json): string {
  const s = labelSelectorString(sel);
  return s === undefined ? '<error>' : s === '' ? '<none>' : s;
}

/** LabelSelectorAsSelector(sel).String(): '' for nil/empty, undefined when invalid. */
export function labelSelectorString(sel: Json): string | undefined {
  if (sel === null || sel === undefined || typeof sel !== 'object') return '';
  const reqs: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(obj(sel.matchLabels))) reqs.push({ key: k, text: `${k}=${v}` });
  for (const e of arr(sel.matchExpressions)) {
    const values = arr<string>(e.values).slice().sort(byteCompare);
    const key = String(e.key ?? '');
    switch (e.operator) {
      case 'In':
        reqs.push({ key, text: `${key} in (${values.join(',')})` });
        break;
      case 'NotIn':
        reqs.push({ key, text: `${key} notin (${values.join(',')})` });
        break;
      case 'Exists':
        reqs.push({ key, text: key });
        break;
      case 'DoesNotExist':
        reqs.push({ key, text: `!${key}` });
        break;
      default:
        return undefined;
    }
  }
  reqs.sort((a, b) => byteCompare(a.key, b.key));
  return reqs.map((r) => r.text).join(',');
}

/** layoutContainerCells: container names and images joined with ",". */
export function containerCells(podSpec: Json): [string, string] {
  const cs = arr(obj(podSpec).containers);
  return [cs.map((c) => c.name ?? '').join(','), cs.map((c) => c.image ?? '').join(',')];
}

/** IntOrString.String(). */
export const intOrString = (v: unknown): string => (typeof v === 'number' ? String(v) : String(v ?? ''));

/** A resource.Quantity's String(); the zero Quantity prints "0". */
export const quantity = (v: unknown): string => (v === undefined || v === null || v === '' ? '0' : String(v));

/** metav1.Time / MicroTime formatted as an age; `<unknown>` when zero. */
export const since = (ts: unknown, nowMs: number): string =>
  translateTimestampSince(typeof ts === 'string' ? ts : undefined, nowMs);

/** A duration between two timestamps (the Job DURATION column). */
export function between(fromTs: unknown, toTs: unknown): string {
  const a = parseTimestamp(fromTs);
  const b = parseTimestamp(toTs);
  if (a === undefined || b === undefined) return '<unknown>';
  return humanDuration(b - a);
}

/** printBool: "True"/"False". */
export const goBoolTitle = (b: boolean): string => (b ? 'True' : 'False');

/** The `Name`/`Created At` table the API server's default table convertor produces. */
export const createdAtTable: TableDef = {
  columns: [NAME, { name: 'Created At' }],
  row: (o) => {
    const t = parseTimestamp(o.metadata?.creationTimestamp);
    return [nameOf(o), t === undefined ? '0001-01-01T00:00:00Z' : new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z')];
  },
};
