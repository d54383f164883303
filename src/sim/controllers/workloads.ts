// The workload controllers of kube-controller-manager, one component each. Not yet built.
import type { Component } from '../host';

export function createWorkloadControllers(): Component[] {
  return [];
}
