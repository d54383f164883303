// The workload controllers of kube-controller-manager, one component each. Not yet built.
import type { Component } from '../host';
import { createDeploymentController } from './deployment';
import { createReplicaSetController, createReplicationController } from './replicaset';
import { createJobController } from './job';
import { createCronJobController } from './cronjob';
import { createStatefulSetController } from './statefulset';
import { createDaemonSetController } from './daemonset';
import { createPersistentVolumeController } from './volumes';
import { createLocalPathProvisioner } from './volumes-provisioner';
import { createTTLAfterFinishedController } from './ttlafterfinished';
import { createHorizontalPodAutoscalerController } from './hpa';
import { createDisruptionController } from './disruption';

export function createWorkloadControllers(): Component[] {
  return [createReplicaSetController(), createReplicationController(), createDeploymentController(), createStatefulSetController(), createDaemonSetController(), createJobController(), createCronJobController(), createTTLAfterFinishedController(), createHorizontalPodAutoscalerController(), createDisruptionController(), createPersistentVolumeController(), createLocalPathProvisioner()];
}
