// Enumerated values of common fields. The Kubernetes OpenAPI spec publishes these (`enum`), but
// kubernetes-types drops them; this table restores the ones learners meet most, so the editor
// completes their values and `kubectl explain` lists them as kubectl does.
// Keys are `<OpenAPI type name>.<field>`; values sorted as the API server publishes them.

const core = 'io.k8s.api.core.v1';
const apps = 'io.k8s.api.apps.v1';
const batch = 'io.k8s.api.batch.v1';
const networking = 'io.k8s.api.networking.v1';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const TAINT_EFFECTS = ['NoExecute', 'NoSchedule', 'PreferNoSchedule'];
const TRAFFIC_POLICIES = ['Cluster', 'Local'];

export const ENUMS: Record<string, readonly string[]> = {
  [`${apps}.DeploymentStrategy.type`]: ['Recreate', 'RollingUpdate'],
  [`${apps}.DaemonSetUpdateStrategy.type`]: ['OnDelete', 'RollingUpdate'],
  [`${apps}.StatefulSetUpdateStrategy.type`]: ['OnDelete', 'RollingUpdate'],
  [`${apps}.StatefulSetSpec.podManagementPolicy`]: ['OrderedReady', 'Parallel'],
  [`${batch}.CronJobSpec.concurrencyPolicy`]: ['Allow', 'Forbid', 'Replace'],
  [`${batch}.JobSpec.completionMode`]: ['Indexed', 'NonIndexed'],
  [`${batch}.JobSpec.podReplacementPolicy`]: ['Failed', 'TerminatingOrFailed'],
  [`${core}.PodSpec.restartPolicy`]: ['Always', 'Never', 'OnFailure'],
  [`${core}.PodSpec.dnsPolicy`]: ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'],
  [`${core}.PodSpec.preemptionPolicy`]: ['Never', 'PreemptLowerPriority'],
  [`${core}.Container.imagePullPolicy`]: ['Always', 'IfNotPresent', 'Never'],
  [`${core}.Container.terminationMessagePolicy`]: ['FallbackToLogsOnError', 'File'],
  [`${core}.ContainerPort.protocol`]: PROTOCOLS,
  [`${core}.ServicePort.protocol`]: PROTOCOLS,
  [`${core}.EndpointPort.protocol`]: PROTOCOLS,
  [`${core}.ServiceSpec.type`]: ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'],
  [`${core}.ServiceSpec.sessionAffinity`]: ['ClientIP', 'None'],
  [`${core}.ServiceSpec.externalTrafficPolicy`]: TRAFFIC_POLICIES,
  [`${core}.ServiceSpec.internalTrafficPolicy`]: TRAFFIC_POLICIES,
  [`${core}.ServiceSpec.ipFamilyPolicy`]: ['PreferDualStack', 'RequireDualStack', 'SingleStack'],
  [`${core}.Toleration.operator`]: ['Equal', 'Exists'],
  [`${core}.Toleration.effect`]: TAINT_EFFECTS,
  [`${core}.Taint.effect`]: TAINT_EFFECTS,
  [`${core}.NodeSelectorRequirement.operator`]: ['DoesNotExist', 'Exists', 'Gt', 'In', 'Lt', 'NotIn'],
  [`${core}.HTTPGetAction.scheme`]: ['HTTP', 'HTTPS'],
  [`${core}.PersistentVolumeClaimSpec.volumeMode`]: ['Block', 'Filesystem'],
  [`${core}.PersistentVolumeSpec.persistentVolumeReclaimPolicy`]: ['Delete', 'Recycle', 'Retain'],
  [`${core}.PersistentVolumeSpec.volumeMode`]: ['Block', 'Filesystem'],
  [`${core}.PodSecurityContext.fsGroupChangePolicy`]: ['Always', 'OnRootMismatch'],
  [`${core}.TopologySpreadConstraint.whenUnsatisfiable`]: ['DoNotSchedule', 'ScheduleAnyway'],
  [`${networking}.HTTPIngressPath.pathType`]: ['Exact', 'ImplementationSpecific', 'Prefix'],
};
