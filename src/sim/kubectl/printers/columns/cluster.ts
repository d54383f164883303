// Nodes, Namespaces, Events, ComponentStatuses, Leases, PriorityClasses.

import {
  AGE, NAME, age, arr, byteCompare, col, int, nameOf, obj, since, wide, type Json, type TableDef,
} from './common';

const ROLE_PREFIX = 'node-role.kubernetes.io/';

export function nodeRoles(labels: Record<string, string> | undefined): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith(ROLE_PREFIX)) {
      const role = k.slice(ROLE_PREFIX.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v !== '') {
      roles.add(v);
    }
  }
  return [...roles].sort(byteCompare).join(',') || '<none>';
}

export function nodeStatus(node: Json): string {
  const status: string[] = [];
  // The condition map keeps the last condition of each type.
  let ready: Json;
  for (const c of arr(obj(node.status).conditions)) if (c.type === 'Ready') ready = c;
  if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  if (status.length === 0) status.push('Unknown');
  if (obj(node.spec).unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

const nodeAddress = (node: Json, type: string): string =>
  arr(obj(node.status).addresses).find((a) => a.type === type)?.address ?? '<none>';

export const nodeTable: TableDef = {
  columns: [
    NAME, col('Status'), col('Roles'), AGE, col('Version'),
    wide('Internal-IP'), wide('External-IP'), wide('OS-Image'), wide('Kernel-Version'), wide('Container-Runtime'),
  ],
  row: (o, now) => {
    const info = obj(obj(o.status).nodeInfo);
    return [
      nameOf(o), nodeStatus(o), nodeRoles(o.metadata?.labels), age(o, now), info.kubeletVersion ?? '',
      nodeAddress(o, 'InternalIP'), nodeAddress(o, 'ExternalIP'), info.osImage || '<unknown>',
      info.kernelVersion || '<unknown>', info.containerRuntimeVersion || '<unknown>',
    ];
  },
};

export const namespaceTable: TableDef = {
  columns: [NAME, col('Status'), AGE],
  row: (o, now) => [nameOf(o), obj(o.status).phase ?? '', age(o, now)],
};

/** A core/v1 view of an Event (events.k8s.io/v1 fields mapped to their core/v1 names). */
function coreEvent(e: Json): Json {
  if (!String(e.apiVersion ?? '').startsWith('events.k8s.io/')) return e;
  return {
    ...e,
    involvedObject: e.regarding,
    message: e.note,
    firstTimestamp: e.deprecatedFirstTimestamp,
    lastTimestamp: e.deprecatedLastTimestamp,
    count: e.deprecatedCount,
    source: e.deprecatedSource,
  };
}

export const eventTable: TableDef = {
  columns: [
    col('Last Seen'), col('Type'), col('Reason'), col('Object'), wide('Subobject'), wide('Source'), col('Message'),
    wide('First Seen'), wide('Count'), { name: 'Name', priority: 1, format: 'name' },
  ],
  row: (raw, now) => {
    const e = coreEvent(raw);
    let first = since(e.firstTimestamp, now);
    if (!e.firstTimestamp) first = since(e.eventTime, now);
    let last = since(e.lastTimestamp, now);
    if (!e.lastTimestamp) last = first;
    let count = int(e.count);
    if (e.series) {
      last = since(obj(e.series).lastObservedTime, now);
      count = int(obj(e.series).count);
    } else if (count === 0) {
      count = 1;
    }
    const inv = obj(e.involvedObject);
    const kind = String(inv.kind ?? '').toLowerCase();
    const target = inv.name ? `${kind}/${inv.name}` : kind;
    const src = obj(e.source);
    const component = src.component || e.reportingComponent || e.reportingController || '';
    const host = src.host || e.reportingInstance || '';
    return [
      last, e.type ?? '', e.reason ?? '', target, inv.fieldPath ?? '', host ? `${component}, ${host}` : component,
      String(e.message ?? '').trim(), first, count, nameOf(raw),
    ];
  },
};

export const componentStatusTable: TableDef = {
  columns: [NAME, col('Status'), col('Message'), col('Error')],
  row: (o) => {
    let status = 'Unknown';
    let message = '';
    let error = '';
    const c = arr(o.conditions).find((x) => x.type === 'Healthy');
    if (c) {
      status = c.status === 'True' ? 'Healthy' : 'Unhealthy';
      message = c.message ?? '';
      error = c.error ?? '';
    }
    return [nameOf(o), status, message, error];
  },
};

export const leaseTable: TableDef = {
  columns: [NAME, col('Holder'), AGE],
  row: (o, now) => [nameOf(o), obj(o.spec).holderIdentity ?? '', age(o, now)],
};

export const priorityClassTable: TableDef = {
  columns: [NAME, col('Value'), col('Global-Default'), AGE, col('PreemptionPolicy')],
  row: (o, now) => [nameOf(o), int(o.value), o.globalDefault === true, age(o, now), o.preemptionPolicy ?? ''],
};
