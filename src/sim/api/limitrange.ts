// LimitRanger admission: container defaults (defaultRequest/default) and min/max checks.
import { forbidden } from './errors';
import type { AdmissionContext, Operation } from './admission';
import type { KindInfo } from './kinds';
import { formatQuantity, isBinaryQuantity, parseQuantity } from './quantity';
import type { KObject, Status } from './types';

interface LimitItem {
  type?: string;
  default?: Record<string, string>;
  defaultRequest?: Record<string, string>;
  max?: Record<string, string>;
  min?: Record<string, string>;
}

export function admitLimitRange(ctx: AdmissionContext, op: Operation, info: KindInfo, obj: KObject): Status | undefined {
  if (info.kind !== 'Pod' || op !== 'CREATE' || ctx.store.count('/LimitRange') === 0) return undefined;
  const ranges = ctx.store.list('/LimitRange', obj.metadata.namespace);
  if (ranges.length === 0) return undefined;
  const containers = [obj.spec?.initContainers, obj.spec?.containers].flatMap((l) => (Array.isArray(l) ? l : []));
  const annotations: string[] = [];
  for (const lr of ranges) {
    const items: LimitItem[] = Array.isArray(lr.spec?.limits) ? lr.spec.limits : [];
    for (const item of items.filter((i) => i?.type === 'Container')) {
      for (const c of containers) {
        if (typeof c !== 'object' || c === null) continue;
        const res = (c.resources ??= {});
        const setFrom = (target: 'limits' | 'requests', src?: Record<string, string>) => {
          for (const [r, v] of Object.entries(src ?? {})) {
            res[target] ??= {};
            if (res[target][r] === undefined) {
              res[target][r] = v;
              annotations.push(`${r} ${target === 'limits' ? 'limit' : 'request'} for container ${c.name}`);
            }
          }
        };
        setFrom('limits', item.default);
        // A request defaults to the limit when only the limit is known (as defaulting does).
        setFrom('requests', item.defaultRequest);
        for (const [r, v] of Object.entries(res.limits ?? {})) {
          res.requests ??= {};
          if (res.requests[r] === undefined) res.requests[r] = v;
        }
        for (const [r, max] of Object.entries(item.max ?? {})) {
          const lim = parseQuantity(res.limits?.[r]);
          if (lim !== undefined && lim > (parseQuantity(max) ?? Infinity)) {
            return forbidden(info, obj.metadata.name ?? '', `maximum ${r} usage per Container is ${max}, but limit is ${formatQuantity(lim, isBinaryQuantity(res.limits?.[r]))}`);
          }
        }
        for (const [r, min] of Object.entries(item.min ?? {})) {
          const req = parseQuantity(res.requests?.[r]);
          if (req !== undefined && req < (parseQuantity(min) ?? 0)) {
            return forbidden(info, obj.metadata.name ?? '', `minimum ${r} usage per Container is ${min}, but request is ${formatQuantity(req, isBinaryQuantity(res.requests?.[r]))}`);
          }
        }
      }
    }
    if (annotations.length > 0) {
      obj.metadata.annotations = {
        ...(obj.metadata.annotations ?? {}),
        'kubernetes.io/limit-ranger': `LimitRanger plugin set: ${annotations.join('; ')}`,
      };
    }
  }
  return undefined;
}
