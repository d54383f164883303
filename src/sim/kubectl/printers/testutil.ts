// Test fixtures shared by the printer tests.
import { BUILTIN_KINDS, type KindInfo } from '../../api/kinds';
import type { KObject } from '../../api/types';

export const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);

/** An RFC3339 timestamp `sec` seconds before NOW. */
export const ago = (sec: number): string => new Date(NOW - sec * 1000).toISOString().replace('.000Z', 'Z');

export function kind(k: string, group?: string): KindInfo {
  const info = BUILTIN_KINDS.find((i) => i.kind === k && (group === undefined || i.group === group));
  if (!info) throw new Error(`no kind ${k}`);
  return info;
}

/** Lines joined with newlines, newline-terminated. */
export const lines = (...ls: string[]): string => ls.map((l) => `${l}\n`).join('');

export function obj(apiVersion: string, k: string, name: string, rest: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): KObject {
  return {
    apiVersion,
    kind: k,
    metadata: { name, namespace: 'default', creationTimestamp: ago(300), ...meta },
    ...rest,
  } as KObject;
}
