// Workload controllers: Deployment, ReplicaSet, ReplicationController, StatefulSet, DaemonSet,
// Job, CronJob, ControllerRevision, HorizontalPodAutoscaler, PodDisruptionBudget.

import { humanDuration, parseTimestamp } from '../duration';
import {
  AGE, NAME, age, arr, between, col, containerCells, formatLabelSelector, formatLabels,
  goBoolTitle, int, intOrString, labelSelectorString, nameOf, obj, since, wide, type Json, type TableDef,
} from './common';

const tmplSpec = (o: Json): Json => obj(obj(obj(o.spec).template).spec);
/** spec.replicas as the API server defaults it (1 when unset). */
const replicas = (o: Json): number => int(obj(o.spec).replicas, 1);

export const deploymentTable: TableDef = {
  columns: [NAME, col('Ready'), col('Up-to-date'), col('Available'), AGE, wide('Containers'), wide('Images'), wide('Selector')],
  row: (o, now) => {
    const st = obj(o.status);
    const [names, images] = containerCells(tmplSpec(o));
    const sel = obj(o.spec).selector;
    return [
      nameOf(o), `${int(st.readyReplicas)}/${replicas(o)}`, int(st.updatedReplicas), int(st.availableReplicas),
      age(o, now), names, images, labelSelectorString(sel) ?? '<invalid>',
    ];
  },
};

/** ReplicaSets and ReplicationControllers print alike; only their selectors differ (a LabelSelector, a map). */
function replicaRow(selector: (sel: Json) => string): TableDef['row'] {
  return (o, now) => {
    const st = obj(o.status);
    const [names, images] = containerCells(tmplSpec(o));
    return [
      nameOf(o), replicas(o), int(st.replicas), int(st.readyReplicas), age(o, now),
      names, images, selector(obj(o.spec).selector),
    ];
  };
}

export const replicaSetTable: TableDef = {
  columns: [NAME, col('Desired'), col('Current'), col('Ready'), AGE, wide('Containers'), wide('Images'), wide('Selector')],
  row: replicaRow(formatLabelSelector),
};

export const replicationControllerTable: TableDef = {
  columns: replicaSetTable.columns,
  row: replicaRow(formatLabels),
};

export const statefulSetTable: TableDef = {
  columns: [NAME, col('Ready'), AGE, wide('Containers'), wide('Images')],
  row: (o, now) => {
    const [names, images] = containerCells(tmplSpec(o));
    return [nameOf(o), `${int(obj(o.status).readyReplicas)}/${replicas(o)}`, age(o, now), names, images];
  },
};

export const daemonSetTable: TableDef = {
  columns: [
    NAME, col('Desired'), col('Current'), col('Ready'), col('Up-to-date'), col('Available'), col('Node Selector'), AGE,
    wide('Containers'), wide('Images'), wide('Selector'),
  ],
  row: (o, now) => {
    const st = obj(o.status);
    const [names, images] = containerCells(tmplSpec(o));
    return [
      nameOf(o), int(st.desiredNumberScheduled), int(st.currentNumberScheduled), int(st.numberReady),
      int(st.updatedNumberScheduled), int(st.numberAvailable), formatLabels(tmplSpec(o).nodeSelector), age(o, now),
      names, images, formatLabelSelector(obj(o.spec).selector),
    ];
  },
};

/** hasJobCondition: the first condition of the type decides. */
function jobCondition(conds: Json[], type: string): boolean {
  const c = conds.find((x) => x.type === type);
  return c !== undefined && c.status === 'True';
}

export function jobStatus(o: Json): string {
  const conds = arr(obj(o.status).conditions);
  if (jobCondition(conds, 'Complete')) return 'Complete';
  if (jobCondition(conds, 'Failed')) return 'Failed';
  if (o.metadata?.deletionTimestamp) return 'Terminating';
  if (jobCondition(conds, 'Suspended')) return 'Suspended';
  if (jobCondition(conds, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

export const jobTable: TableDef = {
  columns: [NAME, col('Status'), col('Completions'), col('Duration'), AGE, wide('Containers'), wide('Images'), wide('Selector')],
  row: (o, now) => {
    const spec = obj(o.spec);
    const st = obj(o.status);
    const succeeded = int(st.succeeded);
    let completions: string;
    if (typeof spec.completions === 'number') completions = `${succeeded}/${spec.completions}`;
    else if (int(spec.parallelism) > 1) completions = `${succeeded}/1 of ${spec.parallelism}`;
    else completions = `${succeeded}/1`;
    let duration = '';
    const start = parseTimestamp(st.startTime);
    if (start !== undefined) {
      duration = st.completionTime ? between(st.startTime, st.completionTime) : humanDuration(now - start);
    }
    const [names, images] = containerCells(tmplSpec(o));
    return [
      nameOf(o), jobStatus(o), completions, duration, age(o, now),
      names, images, formatLabelSelector(spec.selector),
    ];
  },
};

export const cronJobTable: TableDef = {
  columns: [
    NAME, col('Schedule'), col('Timezone'), col('Suspend'), col('Active'), col('Last Schedule'), AGE,
    wide('Containers'), wide('Images'), wide('Selector'),
  ],
  row: (o, now) => {
    const spec = obj(o.spec);
    const st = obj(o.status);
    const jobSpec = obj(obj(spec.jobTemplate).spec);
    const [names, images] = containerCells(obj(obj(jobSpec.template).spec));
    return [
      nameOf(o), spec.schedule ?? '', spec.timeZone ?? '<none>', goBoolTitle(spec.suspend === true),
      arr(st.active).length, st.lastScheduleTime ? since(st.lastScheduleTime, now) : '<none>', age(o, now),
      names, images, formatLabelSelector(jobSpec.selector),
    ];
  },
};

export const controllerRevisionTable: TableDef = {
  columns: [NAME, col('Controller'), col('Revision'), AGE],
  row: (o, now) => {
    const ref = arr(o.metadata?.ownerReferences).find((r) => r.controller === true);
    let controller = '<none>';
    if (ref) {
      const apiVersion: string = ref.apiVersion ?? '';
      const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
      const gk = group ? `${ref.kind}.${group}` : String(ref.kind ?? '');
      controller = gk ? `${gk.toLowerCase()}/${ref.name}` : ref.name;
    }
    return [nameOf(o), controller, int(o.revision), age(o, now)];
  },
};

/** formatHPAMetrics for autoscaling/v2 (and v1, converted). */
function hpaTargets(spec: Json, status: Json): string {
  let specs = arr(spec.metrics);
  let statuses = arr(status.currentMetrics);
  if (specs.length === 0 && typeof spec.targetCPUUtilizationPercentage === 'number') {
    specs = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage } } }];
    statuses = typeof status.currentCPUUtilizationPercentage === 'number'
      ? [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: status.currentCPUUtilizationPercentage } } }]
      : [];
  }
  if (specs.length === 0) return '<none>';
  const list: string[] = [];
  specs.forEach((s, i) => {
    const st = statuses[i];
    const q = (v: unknown) => String(v ?? '0');
    switch (s.type) {
      case 'External':
      case 'Object': {
        const key = s.type === 'External' ? 'external' : 'object';
        const target = obj(obj(s[key]).target);
        const cur = st && st[key] ? obj(st[key].current) : undefined;
        if (target.averageValue !== undefined) {
          const c = cur && cur.averageValue !== undefined ? q(cur.averageValue) : '<unknown>';
          list.push(`${c}/${q(target.averageValue)} (avg)`);
        } else {
          list.push(`${cur ? q(cur.value) : '<unknown>'}/${q(target.value)}`);
        }
        break;
      }
      case 'Pods': {
        const cur = st && st.pods ? q(obj(st.pods.current).averageValue) : '<unknown>';
        list.push(`${cur}/${q(obj(obj(s.pods).target).averageValue)}`);
        break;
      }
      case 'Resource':
      case 'ContainerResource': {
        const key = s.type === 'Resource' ? 'resource' : 'containerResource';
        const m = obj(s[key]);
        const target = obj(m.target);
        const cur = st && st[key] ? obj(st[key].current) : undefined;
        if (target.averageValue !== undefined) {
          list.push(`${m.name}: ${cur ? q(cur.averageValue) : '<unknown>'}/${q(target.averageValue)}`);
        } else {
          const c = cur && typeof cur.averageUtilization === 'number' ? `${cur.averageUtilization}%` : '<unknown>';
          const t = typeof target.averageUtilization === 'number' ? `${target.averageUtilization}%` : '<auto>';
          list.push(`${m.name}: ${c}/${t}`);
        }
        break;
      }
      default:
        list.push('<unknown type>');
    }
  });
  if (list.length > 2) return `${list.slice(0, 2).join(', ')} + ${list.length - 2} more...`;
  return list.join(', ');
}

export const hpaTable: TableDef = {
  columns: [NAME, col('Reference'), col('Targets'), col('MinPods'), col('MaxPods'), col('Replicas'), AGE],
  row: (o, now) => {
    const spec = obj(o.spec);
    const ref = obj(spec.scaleTargetRef);
    return [
      nameOf(o), `${ref.kind ?? ''}/${ref.name ?? ''}`, hpaTargets(spec, obj(o.status)),
      typeof spec.minReplicas === 'number' ? String(spec.minReplicas) : '<unset>',
      int(spec.maxReplicas), int(obj(o.status).currentReplicas), age(o, now),
    ];
  },
};

export const pdbTable: TableDef = {
  columns: [NAME, col('Min Available'), col('Max Unavailable'), col('Allowed Disruptions'), AGE],
  row: (o, now) => {
    const spec = obj(o.spec);
    return [
      nameOf(o),
      spec.minAvailable !== undefined && spec.minAvailable !== null ? intOrString(spec.minAvailable) : 'N/A',
      spec.maxUnavailable !== undefined && spec.maxUnavailable !== null ? intOrString(spec.maxUnavailable) : 'N/A',
      int(obj(o.status).disruptionsAllowed), age(o, now),
    ];
  },
};
