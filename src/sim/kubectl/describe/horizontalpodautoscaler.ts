// `kubectl describe horizontalpodautoscaler` (describe.go describeHorizontalPodAutoscalerV2,
// printDirectionBehavior).
import type { KObject } from '../../api/types';
import { describeEvents, eventsFor, printAnnotationsMultiline, printLabelsMultiline, rfc1123z } from './helpers';
import { registerDescriber, type DescribeContext } from './registry';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, tabbedString, type PrefixWriter } from './writer';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

const isSet = (v: unknown) => v !== undefined && v !== null;
const q = (v: unknown) => (isSet(v) ? String(v) : '0');
const goQuote = (s: string) => JSON.stringify(s ?? '');

function printDirectionBehavior(w: PrefixWriter, direction: string, rules: Json): void {
  if (!rules) return;
  w.write(LEVEL_1, `${direction}:\n`);
  if (isSet(rules.stabilizationWindowSeconds)) w.write(LEVEL_2, `Stabilization Window: ${rules.stabilizationWindowSeconds} seconds\n`);
  if ((rules.policies ?? []).length > 0) {
    w.write(LEVEL_2, `Select Policy: ${rules.selectPolicy ?? 'Max'}\n`);
    w.write(LEVEL_2, 'Policies:\n');
    for (const p of rules.policies as Json[]) w.write(LEVEL_3, `- Type: ${p.type}\tValue: ${p.value ?? 0}\tPeriod: ${p.periodSeconds ?? 0} seconds\n`);
  }
}

function describeMetric(w: PrefixWriter, metric: Json, cur: Json): void {
  switch (metric.type) {
    case 'External': {
      const e = metric.external ?? {};
      if (isSet(e.target?.averageValue)) {
        const current = isSet(cur?.external?.current?.averageValue) ? String(cur.external.current.averageValue) : '<unknown>';
        w.write(LEVEL_1, `${goQuote(e.metric?.name)} (target average value):\t${current} / ${q(e.target.averageValue)}\n`);
      } else {
        const current = isSet(cur?.external?.current?.value) ? String(cur.external.current.value) : '<unknown>';
        w.write(LEVEL_1, `${goQuote(e.metric?.name)} (target value):\t${current} / ${q(e.target?.value)}\n`);
      }
      return;
    }
    case 'Pods': {
      const p = metric.pods ?? {};
      const current = cur?.pods ? q(cur.pods.current?.averageValue) : '<unknown>';
      w.write(LEVEL_1, `${goQuote(p.metric?.name)} on pods:\t${current} / ${q(p.target?.averageValue)}\n`);
      return;
    }
    case 'Object': {
      const o = metric.object ?? {};
      w.write(LEVEL_1, `"${o.metric?.name ?? ''}" on ${o.describedObject?.kind ?? ''}/${o.describedObject?.name ?? ''} `);
      if (o.target?.type === 'AverageValue') {
        const current = isSet(cur?.object?.current?.averageValue) ? String(cur.object.current.averageValue) : '<unknown>';
        w.write(LEVEL_0, `(target average value):\t${current} / ${q(o.target.averageValue)}\n`);
      } else {
        const current = isSet(cur?.object?.current?.value) ? String(cur.object.current.value) : '<unknown>';
        w.write(LEVEL_0, `(target value):\t${current} / ${q(o.target?.value)}\n`);
      }
      return;
    }
    case 'Resource':
    case 'ContainerResource': {
      const container = metric.type === 'ContainerResource';
      const r = (container ? metric.containerResource : metric.resource) ?? {};
      const c = container ? cur?.containerResource : cur?.resource;
      w.write(LEVEL_1, container ? `resource ${r.name} of container "${r.container}" on pods` : `resource ${r.name} on pods`);
      if (isSet(r.target?.averageValue)) {
        const current = c ? q(c.current?.averageValue) : '<unknown>';
        w.write(LEVEL_0, `:\t${current} / ${q(r.target.averageValue)}\n`);
      } else {
        const current = c && isSet(c.current?.averageUtilization) ? `${c.current.averageUtilization}% (${q(c.current.averageValue)})` : '<unknown>';
        const target = isSet(r.target?.averageUtilization) ? `${r.target.averageUtilization}%` : '<auto>';
        w.write(LEVEL_1, `(as a percentage of request):\t${current} / ${target}\n`);
      }
      return;
    }
    default:
      w.write(LEVEL_1, `<unknown metric type ${goQuote(metric.type)}>\n`);
  }
}

export function describeHPA(ctx: DescribeContext, hpa: KObject): string {
  const spec = hpa.spec ?? {};
  const st = hpa.status ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${hpa.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${hpa.metadata.namespace}\n`);
    printLabelsMultiline(w, 'Labels', hpa.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', hpa.metadata.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(hpa.metadata.creationTimestamp)}\n`);
    w.write(LEVEL_0, `Reference:\t${spec.scaleTargetRef?.kind ?? ''}/${spec.scaleTargetRef?.name ?? ''}\n`);
    w.write(LEVEL_0, 'Metrics:\t( current / target )\n');
    const current: Json[] = st.currentMetrics ?? [];
    ((spec.metrics ?? []) as Json[]).forEach((m, i) => describeMetric(w, m, current[i]));
    w.write(LEVEL_0, `Min replicas:\t${isSet(spec.minReplicas) ? spec.minReplicas : '<unset>'}\n`);
    w.write(LEVEL_0, `Max replicas:\t${spec.maxReplicas ?? 0}\n`);
    if (spec.behavior) {
      w.write(LEVEL_0, 'Behavior:\n');
      printDirectionBehavior(w, 'Scale Up', spec.behavior.scaleUp);
      printDirectionBehavior(w, 'Scale Down', spec.behavior.scaleDown);
    }
    w.write(LEVEL_0, `${spec.scaleTargetRef?.kind ?? ''} pods:\t${st.currentReplicas ?? 0} current / ${st.desiredReplicas ?? 0} desired\n`);
    const conds: Json[] = st.conditions ?? [];
    if (conds.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t------\t-------\n');
      for (const c of conds) w.write(LEVEL_1, `${c.type}\t${c.status}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
    }
    if (ctx.showEvents) describeEvents(w, eventsFor(ctx.cluster.api.store, hpa), ctx.nowMs);
  });
}

registerDescriber('autoscaling/HorizontalPodAutoscaler', describeHPA);
