// The metrics API (what metrics-server serves): resource usage of pods and nodes, offered by the
// node component (kubelets) as the `metrics` service and read by `kubectl top` and the HPA.

export interface ContainerUsage {
  name: string;
  /** CPU in millicores. */
  cpuMilli: number;
  memoryBytes: number;
}

export interface MetricsSource {
  /** Usage of a running pod's containers, or undefined when the pod has no metrics yet. */
  podMetrics(namespace: string, name: string): { containers: ContainerUsage[]; timestampMs: number } | undefined;
  nodeMetrics(name: string): { cpuMilli: number; memoryBytes: number; timestampMs: number } | undefined;
}

export const METRICS_SERVICE = 'metrics';
