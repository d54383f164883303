// Annotations the PV controller, the scheduler's VolumeBinding and provisioners coordinate through.

/** Set on a WaitForFirstConsumer claim by the scheduler once its pod has a node (PreBind). */
export const SELECTED_NODE_ANNOTATION = 'volume.kubernetes.io/selected-node';
/** Set on a claim by the PV controller to hand it to a dynamic provisioner. */
export const STORAGE_PROVISIONER_ANNOTATION = 'volume.kubernetes.io/storage-provisioner';
export const BETA_STORAGE_PROVISIONER_ANNOTATION = 'volume.beta.kubernetes.io/storage-provisioner';
