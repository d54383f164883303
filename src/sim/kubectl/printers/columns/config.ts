// ConfigMaps, Secrets, ServiceAccounts, ResourceQuotas, storage (PV, PVC, StorageClass), RBAC
// bindings, and custom resources (CRD additionalPrinterColumns).

import { findResults, printResults } from '../jsonpath';
import { humanDuration, parseTimestamp } from '../duration';
import {
  AGE, NAME, age, arr, byteCompare, col, nameOf, obj, quantity, wide,
  type Cell, type Column, type Json, type TableDef,
} from './common';

export const configMapTable: TableDef = {
  columns: [NAME, col('Data'), AGE],
  row: (o, now) => [nameOf(o), Object.keys(obj(o.data)).length + Object.keys(obj(o.binaryData)).length, age(o, now)],
};

export const secretTable: TableDef = {
  columns: [NAME, col('Type'), col('Data'), AGE],
  row: (o, now) => {
    const keys = new Set([...Object.keys(obj(o.data)), ...Object.keys(obj(o.stringData))]);
    return [nameOf(o), o.type ?? 'Opaque', keys.size, age(o, now)];
  },
};

export const serviceAccountTable: TableDef = {
  columns: [NAME, col('Secrets'), AGE],
  row: (o, now) => [nameOf(o), arr(o.secrets).length, age(o, now)],
};

export const resourceQuotaTable: TableDef = {
  columns: [NAME, col('Request'), col('Limit'), AGE],
  row: (o, now) => {
    const st = obj(o.status);
    const hard = obj(st.hard);
    const used = obj(st.used);
    const request: string[] = [];
    const limit: string[] = [];
    for (const r of Object.keys(hard).sort(byteCompare)) {
      const pieces = r.split('.');
      const text = `${r}: ${quantity(used[r])}/${quantity(hard[r])}`;
      (pieces.length > 1 && pieces[0] === 'limits' ? limit : request).push(text);
    }
    return [nameOf(o), request.join(', '), limit.join(', '), age(o, now)];
  },
};

/** helper.GetAccessModesAsString. */
export function accessModes(modes: unknown): string {
  const m = new Set(arr<string>(modes));
  const out: string[] = [];
  if (m.has('ReadWriteOnce')) out.push('RWO');
  if (m.has('ReadOnlyMany')) out.push('ROX');
  if (m.has('ReadWriteMany')) out.push('RWX');
  if (m.has('ReadWriteOncePod')) out.push('RWOP');
  return out.join(',');
}

const BETA_CLASS = 'volume.beta.kubernetes.io/storage-class';
const storageClassOf = (o: Json): string => o.metadata?.annotations?.[BETA_CLASS] ?? obj(o.spec).storageClassName ?? '';

export const pvTable: TableDef = {
  columns: [
    NAME, col('Capacity'), col('Access Modes'), col('Reclaim Policy'), col('Status'), col('Claim'), col('StorageClass'),
    col('VolumeAttributesClass'), col('Reason'), AGE, wide('VolumeMode'),
  ],
  row: (o, now) => {
    const spec = obj(o.spec);
    const claim = spec.claimRef ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}` : '';
    const phase = o.metadata?.deletionTimestamp ? 'Terminating' : obj(o.status).phase ?? '';
    return [
      nameOf(o), quantity(obj(spec.capacity).storage), accessModes(spec.accessModes), spec.persistentVolumeReclaimPolicy ?? '',
      phase, claim, storageClassOf(o), spec.volumeAttributesClassName ?? '<unset>', obj(o.status).reason ?? '', age(o, now),
      spec.volumeMode ?? '<unset>',
    ];
  },
};

export const pvcTable: TableDef = {
  columns: [
    NAME, col('Status'), col('Volume'), col('Capacity'), col('Access Modes'), col('StorageClass'),
    col('VolumeAttributesClass'), AGE, wide('VolumeMode'),
  ],
  row: (o, now) => {
    const spec = obj(o.spec);
    const st = obj(o.status);
    const phase = o.metadata?.deletionTimestamp ? 'Terminating' : st.phase ?? '';
    let capacity = '';
    let modes = '';
    if (spec.volumeName) {
      modes = accessModes(st.accessModes);
      capacity = quantity(obj(st.capacity).storage);
    }
    return [
      nameOf(o), phase, spec.volumeName ?? '', capacity, modes, storageClassOf(o),
      spec.volumeAttributesClassName ?? '<unset>', age(o, now), spec.volumeMode ?? '<unset>',
    ];
  },
};

const isDefaultClass = (o: Json): boolean => {
  const a = o.metadata?.annotations ?? {};
  return a['storageclass.kubernetes.io/is-default-class'] === 'true' || a['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
};

export const storageClassTable: TableDef = {
  columns: [NAME, col('Provisioner'), col('ReclaimPolicy'), col('VolumeBindingMode'), col('AllowVolumeExpansion'), AGE],
  row: (o, now) => [
    isDefaultClass(o) ? `${nameOf(o)} (default)` : nameOf(o), o.provisioner ?? '', o.reclaimPolicy ?? 'Delete',
    o.volumeBindingMode ?? 'Immediate', o.allowVolumeExpansion === true, age(o, now),
  ],
};

/** rbac.SubjectsStrings: users, groups and "namespace/name" service accounts. */
function subjects(list: Json[]): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of list) {
    if (s.kind === 'User') users.push(s.name);
    else if (s.kind === 'Group') groups.push(s.name);
    else if (s.kind === 'ServiceAccount') sas.push(`${s.namespace ?? ''}/${s.name}`);
  }
  return [users.join(', '), groups.join(', '), sas.join(', ')];
}

export const roleBindingTable: TableDef = {
  columns: [NAME, col('Role'), AGE, wide('Users'), wide('Groups'), wide('ServiceAccounts')],
  row: (o, now) => {
    const ref = obj(o.roleRef);
    return [nameOf(o), `${ref.kind ?? ''}/${ref.name ?? ''}`, age(o, now), ...subjects(arr(o.subjects))];
  },
};

/** A CRD additionalPrinterColumns entry. */
export interface PrinterColumn {
  name: string;
  /** integer | number | string | boolean | date */
  type: string;
  jsonPath: string;
  priority?: number;
}

function cellForJSONValue(type: string, v: unknown, nowMs: number): Cell {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'integer':
      return typeof v === 'number' ? Math.trunc(v) : null;
    case 'number':
      return typeof v === 'number' ? v : null;
    case 'boolean':
      return typeof v === 'boolean' ? v : null;
    case 'string':
      return typeof v === 'string' ? v : null;
    case 'date': {
      if (typeof v !== 'string') return null;
      const t = parseTimestamp(v);
      return t === undefined ? '<invalid>' : humanDuration(nowMs - t);
    }
  }
  return null;
}

/** The custom resource table: NAME plus the CRD's columns (default: Age). */
export function customResourceTable(printerColumns: readonly PrinterColumn[] | undefined): TableDef {
  const pcs: readonly PrinterColumn[] = printerColumns && printerColumns.length > 0
    ? printerColumns
    : [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' }];
  const columns: Column[] = [NAME, ...pcs.map((c) => ({ name: c.name, priority: c.priority ?? 0 }))];
  return {
    columns,
    row: (o, now) => [
      nameOf(o),
      ...pcs.map((c): Cell => {
        let results: unknown[][];
        try {
          results = findResults(`{${c.jsonPath}}`, o, true);
        } catch {
          return null;
        }
        if (results.length === 0 || results[0].length === 0) return null;
        const value = results[0][0];
        if (c.type === 'string') return printResults([value]);
        return cellForJSONValue(c.type, value, now);
      }),
    ],
  };
}
