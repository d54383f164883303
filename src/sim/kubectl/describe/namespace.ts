// `kubectl describe namespace` (describe.go describeNamespace, DescribeResourceQuotas,
// DescribeLimitRanges).
import type { KObject } from '../../api/types';
import { printAnnotationsMultiline, printLabelsMultiline, rfc1123z } from './helpers';
import { registerDescriber, type DescribeContext } from './registry';
import { LEVEL_0, LEVEL_1, tabbedString, type PrefixWriter } from './writer';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

const byteCompare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function describeResourceQuotas(w: PrefixWriter, quotas: KObject[]): void {
  if (quotas.length === 0) {
    w.write(LEVEL_0, 'No resource quota.\n');
    return;
  }
  const sorted = [...quotas].sort((a, b) => byteCompare(a.metadata.name ?? '', b.metadata.name ?? ''));
  w.write(LEVEL_0, 'Resource Quotas\n');
  for (const q of sorted) {
    w.write(LEVEL_1, `Name:\t${q.metadata.name}\n`);
    const scopes: string[] = q.spec?.scopes ?? [];
    if (scopes.length > 0) w.write(LEVEL_1, `Scopes:\t${[...scopes].sort(byteCompare).join(', ')}\n`);
    w.write(LEVEL_1, 'Resource\tUsed\tHard\n');
    w.write(LEVEL_1, '--------\t---\t---\n');
    const hard: Record<string, string> = q.status?.hard ?? {};
    const used: Record<string, string> = q.status?.used ?? {};
    for (const r of Object.keys(hard).sort(byteCompare)) w.write(LEVEL_1, `${r}\t${used[r] ?? '0'}\t${hard[r]}\n`);
  }
}

function describeLimitRanges(w: PrefixWriter, ranges: KObject[]): void {
  if (ranges.length === 0) {
    w.write(LEVEL_0, 'No LimitRange resource.\n');
    return;
  }
  w.write(LEVEL_0, 'Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n');
  w.write(LEVEL_0, ' ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
  for (const lr of ranges) {
    for (const item of (lr.spec?.limits ?? []) as Json[]) {
      const maps = [item.min, item.max, item.defaultRequest, item.default, item.maxLimitRequestRatio].map((m) => (m ?? {}) as Record<string, string>);
      const names = [...new Set(maps.flatMap((m) => Object.keys(m)))].sort(byteCompare);
      for (const k of names) w.write(LEVEL_0, ` ${item.type ?? ''}\t${k}\t${maps.map((m) => m[k] ?? '-').join('\t')}\n`);
    }
  }
}

export function describeNamespace(ctx: DescribeContext, ns: KObject): string {
  const name = ns.metadata.name ?? '';
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${name}\n`);
    printLabelsMultiline(w, 'Labels', ns.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', ns.metadata.annotations);
    w.write(LEVEL_0, `Status:\t${ns.status?.phase ?? ''}\n`);
    const conds: Json[] = ns.status?.conditions ?? [];
    if (conds.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t------------------\t------\t-------\n');
      for (const c of conds) w.write(LEVEL_1, `${c.type}\t${c.status}\t${rfc1123z(c.lastTransitionTime)}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
    }
    w.write(LEVEL_0, '\n');
    describeResourceQuotas(w, ctx.cluster.list('/ResourceQuota', name));
    w.write(LEVEL_0, '\n');
    describeLimitRanges(w, ctx.cluster.list('/LimitRange', name));
  });
}

registerDescriber('Namespace', describeNamespace);
