// The API server's defaulting: what `pkg/apis/<group>/v1/defaults.go` of Kubernetes v1.32 sets
// when an object is decoded, plus the few fields the registry strategies fill before validation.
// Admission (service account volume, default tolerations, priority), uids, resourceVersions,
// timestamps and IP allocation are not done here.

import { keyOf } from '../server.util';
import type { KindInfo } from '../kinds';
import type { KObject } from '../types';
import { type Obj, defaultPod, defaultPodTemplate, isObj } from './pod';
import {
  defaultCronJob,
  defaultDaemonSet,
  defaultDeployment,
  defaultJob,
  defaultPersistentVolumeClaim,
  defaultReplicaSet,
  defaultReplicationController,
  defaultStatefulSet,
} from './workloads';
import {
  defaultConfigMap,
  defaultEndpoints,
  defaultLimitRange,
  defaultNamespace,
  defaultNode,
  defaultPersistentVolume,
  defaultSecret,
  defaultService,
} from './core';
import {
  defaultBinding,
  defaultCustomResourceDefinition,
  defaultEndpointSlice,
  defaultHorizontalPodAutoscaler,
  defaultIngressClass,
  defaultNetworkPolicy,
  defaultPriorityClass,
  defaultStorageClass,
} from './other';

export { imageTag } from './pod';
export { generateJobSelector } from './workloads';

const DEFAULTERS: Record<string, (obj: Obj) => void> = {
  '/Pod': defaultPod,
  '/PodTemplate': (o) => defaultPodTemplate(o.template),
  '/ReplicationController': defaultReplicationController,
  '/Service': defaultService,
  '/Namespace': defaultNamespace,
  '/Secret': defaultSecret,
  '/ConfigMap': defaultConfigMap,
  '/PersistentVolume': defaultPersistentVolume,
  '/PersistentVolumeClaim': defaultPersistentVolumeClaim,
  '/Endpoints': defaultEndpoints,
  '/Node': defaultNode,
  '/LimitRange': defaultLimitRange,
  'apps/Deployment': defaultDeployment,
  'apps/ReplicaSet': defaultReplicaSet,
  'apps/DaemonSet': defaultDaemonSet,
  'apps/StatefulSet': defaultStatefulSet,
  'batch/Job': defaultJob,
  'batch/CronJob': defaultCronJob,
  'autoscaling/HorizontalPodAutoscaler': defaultHorizontalPodAutoscaler,
  'storage.k8s.io/StorageClass': defaultStorageClass,
  'networking.k8s.io/NetworkPolicy': defaultNetworkPolicy,
  'networking.k8s.io/IngressClass': defaultIngressClass,
  'rbac.authorization.k8s.io/RoleBinding': defaultBinding,
  'rbac.authorization.k8s.io/ClusterRoleBinding': defaultBinding,
  'scheduling.k8s.io/PriorityClass': defaultPriorityClass,
  'discovery.k8s.io/EndpointSlice': defaultEndpointSlice,
  'apiextensions.k8s.io/CustomResourceDefinition': defaultCustomResourceDefinition,
};

/**
 * Applies every default of the kind to `obj`, in place (pass a clone). Safe on arbitrary JSON:
 * fields of the wrong type are left alone for validation to report.
 */
export function applyDefaults(obj: KObject, info: KindInfo): void {
  if (!isObj(obj)) return;
  const d = DEFAULTERS[keyOf(info)];
  if (d) d(obj as Obj);
}
