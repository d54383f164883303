// The API server's validation: `validateObject` dispatches on the kind to the per-group modules,
// which follow `pkg/apis/<group>/validation` of Kubernetes v1.32. Validation expects an object
// that has been through `applyDefaults` (fields defaulting always sets are not reported absent).

import { keyOf } from '../server.util';
import type { KindInfo } from '../kinds';
import type { KObject } from '../types';
import { type FieldError, invalid } from './errors';
import { type Errs, type Obj, isObj } from './check';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta';
import { nameIsDNSSubdomain } from './names';
import { validateControllerRevision, validateDaemonSet, validateDeployment, validateReplicaSet, validateReplicationController, validateStatefulSet } from './apps';
import { validateCronJob, validateJob } from './batch';
import { validateEndpointSlice, validateEndpoints, validateService } from './service';
import {
  validateConfigMap,
  validateEvent,
  validateLimitRange,
  validateNamespace,
  validateNode,
  validatePod,
  validatePodTemplate,
  validateResourceQuota,
  validateSecret,
  validateServiceAccount,
} from './core';
import { validatePersistentVolume, validatePersistentVolumeClaim, validateStorageClass } from './storage';
import { validateIngress, validateIngressClass, validateNetworkPolicy } from './networking';
import { validateEventsV1, validateHorizontalPodAutoscaler, validateLease, validatePodDisruptionBudget, validatePriorityClass } from './misc';
import { validateClusterRole, validateClusterRoleBinding, validateRole, validateRoleBinding } from './rbac';
import { validateCustomResourceDefinition } from './crd';

export {
  type FieldError,
  type FieldErrorType,
  aggregateMessage,
  fieldErrorBody,
  formatFieldError,
  invalidStatus,
  kubectlInvalidMessage,
} from './errors';
export { recordedEventValid } from './core';
export { parseQuantity, canonicalQuantity, compareQuantities, QUANTITY_FORMAT_ERROR } from './quantity';
export { cronScheduleError } from './cron';
export { NODE_PORT_RANGE } from './service';

type Validator = (errs: Errs, obj: Obj, old?: Obj) => void;

const VALIDATORS: Record<string, Validator> = {
  '/Pod': validatePod,
  '/PodTemplate': validatePodTemplate,
  '/ReplicationController': validateReplicationController,
  '/Service': validateService,
  '/Endpoints': validateEndpoints,
  '/ConfigMap': validateConfigMap,
  '/Secret': validateSecret,
  '/Namespace': validateNamespace,
  '/Node': validateNode,
  '/ServiceAccount': validateServiceAccount,
  '/LimitRange': validateLimitRange,
  '/ResourceQuota': validateResourceQuota,
  '/Event': validateEvent,
  '/PersistentVolume': validatePersistentVolume,
  '/PersistentVolumeClaim': validatePersistentVolumeClaim,
  'apps/Deployment': validateDeployment,
  'apps/ReplicaSet': validateReplicaSet,
  'apps/DaemonSet': validateDaemonSet,
  'apps/StatefulSet': validateStatefulSet,
  'apps/ControllerRevision': validateControllerRevision,
  'batch/Job': validateJob,
  'batch/CronJob': validateCronJob,
  'autoscaling/HorizontalPodAutoscaler': validateHorizontalPodAutoscaler,
  'policy/PodDisruptionBudget': validatePodDisruptionBudget,
  'networking.k8s.io/Ingress': validateIngress,
  'networking.k8s.io/IngressClass': validateIngressClass,
  'networking.k8s.io/NetworkPolicy': validateNetworkPolicy,
  'discovery.k8s.io/EndpointSlice': validateEndpointSlice,
  'coordination.k8s.io/Lease': validateLease,
  'events.k8s.io/Event': validateEventsV1,
  'scheduling.k8s.io/PriorityClass': validatePriorityClass,
  'storage.k8s.io/StorageClass': validateStorageClass,
  'rbac.authorization.k8s.io/Role': validateRole,
  'rbac.authorization.k8s.io/ClusterRole': validateClusterRole,
  'rbac.authorization.k8s.io/RoleBinding': validateRoleBinding,
  'rbac.authorization.k8s.io/ClusterRoleBinding': validateClusterRoleBinding,
  'apiextensions.k8s.io/CustomResourceDefinition': validateCustomResourceDefinition,
};

/** Validation without the safety net; exported for tests. */
export function validateObjectUnsafe(obj: unknown, info: KindInfo, old?: unknown): FieldError[] {
  const errs: Errs = [];
  if (!isObj(obj)) return [invalid('', obj, 'the object must be a JSON object')];
  const oldObj = isObj(old) ? old : undefined;
  if (oldObj) validateObjectMetaUpdate(errs, obj.metadata, oldObj.metadata);
  const v = VALIDATORS[keyOf(info)];
  if (v) v(errs, obj, oldObj);
  else if (!oldObj) validateObjectMeta(errs, obj.metadata, info.namespaced, nameIsDNSSubdomain);
  return errs;
}

/**
 * Validates an object of kind `info`: create validation without `old`, update validation (the
 * immutable fields) with the stored object as `old`. Never throws: on arbitrary JSON it reports
 * wrong types as the schema check would (`spec.replicas in body must be of type integer`).
 */
export function validateObject(obj: KObject, info: KindInfo, old?: KObject): FieldError[] {
  try {
    return validateObjectUnsafe(obj, info, old);
  } catch (e) {
    // A validator bug must not take the API server down; report it as an invalid object.
    return [invalid('', null, `internal error while validating: ${e instanceof Error ? e.message : String(e)}`)];
  }
}
