// `kubectl get` human-readable tables: the server's columns for the kind, decorated as kubectl's
// table printer does (NAMESPACE first with -A, kind/ prefix on the name column, -L columns and
// LABELS last), laid out by tabwriter.

import type { KindInfo } from '../../api/kinds';
import type { KObject } from '../../api/types';
import { AGE, NAME, age, createdAtTable, formatLabels, nameOf, type Cell, type TableDef } from './columns/common';
import { componentStatusTable, eventTable, leaseTable, namespaceTable, nodeTable, priorityClassTable } from './columns/cluster';
import {
  configMapTable, customResourceTable, pvTable, pvcTable, resourceQuotaTable, roleBindingTable, secretTable,
  serviceAccountTable, storageClassTable, type PrinterColumn,
} from './columns/config';
import {
  endpointSliceTable, endpointsTable, ingressClassTable, ingressTable, networkPolicyTable, serviceTable,
} from './columns/network';
import { podTable, podTemplateTable } from './columns/pods';
import {
  controllerRevisionTable, cronJobTable, daemonSetTable, deploymentTable, hpaTable, jobTable, pdbTable,
  replicaSetTable, replicationControllerTable, statefulSetTable,
} from './columns/workloads';
import { goNumber } from './goformat';
import { tabwrite } from './tabwriter';

export interface TableOptions {
  /** The current virtual time; ages are computed against it. */
  nowMs: number;
  /** `-o wide`: include priority-1 columns. */
  wide?: boolean;
  /** `--no-headers`. */
  noHeaders?: boolean;
  /** `--show-labels`: a LABELS column last. */
  showLabels?: boolean;
  /** `-L key,...`: one column per key, headed by the upper-cased last path segment of the key. */
  labelColumns?: string[];
  /** `-A` / `--all-namespaces`: a NAMESPACE column first. */
  withNamespace?: boolean;
  /** Prefix the name column with `kind.group/`, as with several types or `get all`. */
  withKind?: boolean;
  /** A CRD's additionalPrinterColumns for a custom resource (default: an AGE column). */
  printerColumns?: PrinterColumn[];
}

/** The printer used when the server has no specific one: NAME AGE. */
const defaultTable: TableDef = { columns: [NAME, AGE], row: (o, now) => [nameOf(o), age(o, now)] };

const BY_KIND: Record<string, TableDef> = {
  Pod: podTable,
  PodTemplate: podTemplateTable,
  ReplicationController: replicationControllerTable,
  Service: serviceTable,
  Endpoints: endpointsTable,
  Event: eventTable,
  Namespace: namespaceTable,
  Node: nodeTable,
  ConfigMap: configMapTable,
  Secret: secretTable,
  ServiceAccount: serviceAccountTable,
  PersistentVolume: pvTable,
  PersistentVolumeClaim: pvcTable,
  ComponentStatus: componentStatusTable,
  ResourceQuota: resourceQuotaTable,
  LimitRange: createdAtTable,
  CustomResourceDefinition: createdAtTable,
  ControllerRevision: controllerRevisionTable,
  DaemonSet: daemonSetTable,
  Deployment: deploymentTable,
  ReplicaSet: replicaSetTable,
  StatefulSet: statefulSetTable,
  HorizontalPodAutoscaler: hpaTable,
  CronJob: cronJobTable,
  Job: jobTable,
  Lease: leaseTable,
  EndpointSlice: endpointSliceTable,
  IngressClass: ingressClassTable,
  Ingress: ingressTable,
  NetworkPolicy: networkPolicyTable,
  PodDisruptionBudget: pdbTable,
  RoleBinding: roleBindingTable,
  ClusterRoleBinding: roleBindingTable,
  Role: createdAtTable,
  ClusterRole: createdAtTable,
  PriorityClass: priorityClassTable,
  StorageClass: storageClassTable,
};

/** The server-side table definition for a kind. */
export function tableDefFor(info: KindInfo, printerColumns?: PrinterColumn[]): TableDef {
  if (info.custom) return customResourceTable(printerColumns);
  return BY_KIND[info.kind] ?? defaultTable;
}

/** How kubectl prints a cell: fmt.Sprint, nil as nothing, truncated at a line break with "...". */
export function cellText(c: Cell): string {
  if (c === null || c === undefined) return '';
  if (typeof c === 'number') return goNumber(c);
  if (typeof c === 'boolean') return c ? 'true' : 'false';
  const brk = c.search(/[\f\n\r]/);
  return brk >= 0 ? `${c.slice(0, brk)}...` : c;
}

/** `kind.group` lower-cased, as kubectl prefixes names (`deployment.apps`, `pod`). */
export const kindPrefix = (info: KindInfo): string =>
  (info.group ? `${info.kind}.${info.group}` : info.kind).toLowerCase();

/** The header row of a table (column names upper-cased, as kubectl prints them). */
export function tableHeader(info: KindInfo, opts: TableOptions): string[] {
  const def = tableDefFor(info, opts.printerColumns);
  const header: string[] = [];
  if (opts.withNamespace) header.push('NAMESPACE');
  for (const c of def.columns) if (opts.wide || !c.priority) header.push(c.name.toUpperCase());
  for (const k of opts.labelColumns ?? []) header.push(k.split('/').pop()!.toUpperCase());
  if (opts.showLabels) header.push('LABELS');
  return header;
}

/** The table as rows of cells, header first (unless noHeaders). Empty when there are no objects. */
export function tableCells(info: KindInfo, objects: readonly KObject[], opts: TableOptions): string[][] {
  if (objects.length === 0) return [];
  const def = tableDefFor(info, opts.printerColumns);
  const visible = def.columns.map((c, i) => ({ c, i })).filter(({ c }) => opts.wide || !c.priority);
  const nameIdx = opts.withKind ? def.columns.findIndex((c) => c.format === 'name') : -1;
  const labelKeys = opts.labelColumns ?? [];
  const rows: string[][] = [];
  if (!opts.noHeaders) rows.push(tableHeader(info, opts));
  for (const o of objects) {
    const cells = def.row(o, opts.nowMs);
    if (nameIdx >= 0) cells[nameIdx] = `${kindPrefix(info)}/${cellText(cells[nameIdx])}`;
    const row: string[] = [];
    if (opts.withNamespace) row.push(o.metadata?.namespace ?? '');
    for (const { i } of visible) row.push(cellText(cells[i]));
    const labels = o.metadata?.labels ?? {};
    for (const k of labelKeys) row.push(labels[k] ?? '');
    if (opts.showLabels) row.push(formatLabels(labels));
    rows.push(row);
  }
  return rows;
}

/** `kubectl get` table output, newline-terminated; '' when there are no objects. */
export function printTable(info: KindInfo, objects: readonly KObject[], opts: TableOptions): string {
  const rows = tableCells(info, objects, opts);
  return rows.length === 0 ? '' : tabwrite(rows);
}
