// The Kubernetes 1.31/1.32 API on top of kubernetes-types: the npm package stops at 1.30.0 while
// kubeplay simulates 1.32. This overlay adds the fields a learner may type (from kubernetes.io
// pages written for 1.31/1.32) and updates the descriptions whose feature moved from alpha to
// beta, with the descriptions the 1.32 API server publishes (k8s.io/api v0.32 core/v1 and
// batch/v1 types.go). Checked against the 1.30 package: sidecar `restartPolicy` on
// initContainers, Service `trafficDistribution`, Job `successPolicy`/`managedBy`/
// `backoffLimitPerIndex`/`podReplacementPolicy`, `lifecycle.sleep`, `recursiveReadOnly`,
// `appArmorProfile` are there already. Left out: alpha status-only fields (ContainerStatus
// `user`/`allocatedResourcesStatus`, NodeStatus `features`) and the alpha
// `securityContext.seLinuxChangePolicy`, which nobody types in a first manifest.

import { REF_PREFIX, type OpenApiSchema } from './openapi.ts';

const core = 'io.k8s.api.core.v1';
const batch = 'io.k8s.api.batch.v1';

/** New types the added fields refer to. */
const TYPES: Record<string, OpenApiSchema> = {
  [`${core}.ImageVolumeSource`]: {
    description: 'ImageVolumeSource represents a image volume resource.',
    properties: {
      pullPolicy: {
        description:
          "Policy for pulling OCI objects. Possible values are: Always: the kubelet always attempts to pull the reference. Container creation will fail If the pull fails. Never: the kubelet never pulls the reference and only uses a local image or artifact. Container creation will fail if the reference isn't present. IfNotPresent: the kubelet pulls if the reference isn't already present on disk. Container creation will fail if the reference isn't present and the pull fails. Defaults to Always if :latest tag is specified, or IfNotPresent otherwise.",
        type: 'string',
        enum: ['Always', 'IfNotPresent', 'Never'],
      },
      reference: {
        description:
          'Required: Image or artifact reference to be used. Behaves in the same way as pod.spec.containers[*].image. Pull secrets will be assembled in the same way as for the container image by looking up node credentials, SA image pull secrets, and pod spec image pull secrets. More info: https://kubernetes.io/docs/concepts/containers/images This field is optional to allow higher level config management to default or override container images in workload controllers like Deployments and StatefulSets.',
        type: 'string',
      },
    },
    type: 'object',
  },
};

/** Fields added (or re-described) per type: `[type, field, schema]`. */
const FIELDS: [string, string, OpenApiSchema][] = [
  [
    `${core}.PodSpec`,
    'resources',
    {
      allOf: [{ $ref: `${REF_PREFIX}${core}.ResourceRequirements` }],
      description:
        'Resources is the total amount of CPU and Memory resources required by all containers in the pod. It supports specifying Requests and Limits for "cpu" and "memory" resource names only. ResourceClaims are not supported.\n\nThis field enables fine-grained control over resource allocation for the entire pod, allowing resource sharing among containers in a pod.\n\nThis is an alpha field and requires enabling the PodLevelResources feature gate.',
    },
  ],
  [
    `${core}.Volume`,
    'image',
    {
      allOf: [{ $ref: `${REF_PREFIX}${core}.ImageVolumeSource` }],
      description:
        "image represents an OCI object (a container image or artifact) pulled and mounted on the kubelet's host machine. The volume is resolved at pod startup depending on which PullPolicy value is provided:\n\n- Always: the kubelet always attempts to pull the reference. Container creation will fail If the pull fails. - Never: the kubelet never pulls the reference and only uses a local image or artifact. Container creation will fail if the reference isn't present. - IfNotPresent: the kubelet pulls if the reference isn't already present on disk. Container creation will fail if the reference isn't present and the pull fails.\n\nThe volume gets re-resolved if the pod gets deleted and recreated, which means that new remote content will become available on pod recreation. A failure to resolve or pull the image during pod startup will block containers from starting and may add significant latency. Failures will be retried using normal volume backoff and will be reported on the pod reason and message. The types of objects that may be mounted by this volume are defined by the container runtime implementation on a host machine and at minimum must include all valid types supported by the container image field. The OCI object gets mounted in a single directory (spec.containers[*].volumeMounts.mountPath) by merging the manifest layers in the same way as for container images. The volume will be mounted read-only (ro) and non-executable files (noexec). Sub path mounts for containers are not supported (spec.containers[*].volumeMounts.subpath). The field spec.securityContext.fsGroupChangePolicy has no effect on this volume type.",
    },
  ],
  [
    `${core}.PodSecurityContext`,
    'supplementalGroupsPolicy',
    {
      description:
        'Defines how supplemental groups of the first container processes are calculated. Valid values are "Merge" and "Strict". If not specified, "Merge" is used. (Alpha) Using the field requires the SupplementalGroupsPolicy feature gate to be enabled and the container runtime must implement support for this feature. Note that this field cannot be set when spec.os.name is windows.',
      type: 'string',
      enum: ['Merge', 'Strict'],
    },
  ],
  [
    `${core}.ServiceSpec`,
    'trafficDistribution',
    {
      description:
        'TrafficDistribution offers a way to express preferences for how traffic is distributed to Service endpoints. Implementations can use this field as a hint, but are not required to guarantee strict adherence. If the field is not set, the implementation will apply its default routing strategy. If set to "PreferClose", implementations should prioritize endpoints that are topologically close (e.g., same zone). This is a beta field and requires enabling ServiceTrafficDistribution feature.',
      type: 'string',
    },
  ],
  [
    `${batch}.JobSpec`,
    'managedBy',
    {
      description:
        'ManagedBy field indicates the controller that manages a Job. The k8s Job controller reconciles jobs which don\'t have this field at all or the field value is the reserved string `kubernetes.io/job-controller`, but skips reconciling Jobs with a custom value for this field. The value must be a valid domain-prefixed path (e.g. acme.io/foo) - all characters before the first "/" must be a valid subdomain as defined by RFC 1123. All characters trailing the first "/" must be valid HTTP Path characters as defined by RFC 3986. The value cannot exceed 63 characters. This field is immutable.\n\nThis field is beta-level. The job controller accepts setting the field when the feature gate JobManagedBy is enabled (enabled by default).',
      type: 'string',
    },
  ],
  [
    `${batch}.JobSpec`,
    'successPolicy',
    {
      allOf: [{ $ref: `${REF_PREFIX}${batch}.SuccessPolicy` }],
      description:
        'successPolicy specifies the policy when the Job can be declared as succeeded. If empty, the default behavior applies - the Job is declared as succeeded only when the number of succeeded pods equals to the completions. When the field is specified, it must be immutable and works only for the Indexed Jobs. Once the Job meets the SuccessPolicy, the lingering pods are terminated.\n\nThis field is beta-level. To use this field, you must enable the `JobSuccessPolicy` feature gate (enabled by default).',
    },
  ],
];

/** The components with the 1.32 overlay applied (properties kept in name order, as generated). */
export function applyOverlay(components: Record<string, OpenApiSchema>): Record<string, OpenApiSchema> {
  const out: Record<string, OpenApiSchema> = { ...components, ...structuredClone(TYPES) };
  for (const [type, field, schema] of FIELDS) {
    const target = out[type];
    if (!target?.properties) throw new Error(`overlay: ${type} is not among the generated components`);
    const ref = schema.allOf?.[0]?.$ref;
    if (ref && !out[ref.slice(REF_PREFIX.length)]) throw new Error(`overlay: ${type}.${field} refers to unknown ${ref}`);
    const properties = { ...target.properties, [field]: structuredClone(schema) };
    out[type] = { ...target, properties: Object.fromEntries(Object.keys(properties).sort().map((k) => [k, properties[k]])) };
  }
  return Object.fromEntries(Object.keys(out).sort().map((k) => [k, out[k]]));
}
