// Framework types of the default scheduler (pkg/scheduler/framework/interface.go, types.go) and
// the decision records it offers to `kubectl describe pod` and the UI.

import type { KObject } from '../api/types';
import type { NodeInfo } from './cache';
import type { CycleState } from './cycle';
import type { PodInfo } from './podinfo';

/** framework.Code, in upstream's numbering. */
export const enum Code {
  Success = 0,
  Error = 1,
  Unschedulable = 2,
  UnschedulableAndUnresolvable = 3,
  Wait = 4,
  Skip = 5,
}

export const CODE_NAMES = ['Success', 'Error', 'Unschedulable', 'UnschedulableAndUnresolvable', 'Wait', 'Skip'] as const;

/** framework.Status: a code, the reasons shown in FailedScheduling, and the plugin that returned it. */
export interface Status {
  readonly code: Code;
  readonly reasons: readonly string[];
  /** Set by the framework when a plugin returns the status. */
  plugin?: string;
}

export function newStatus(code: Code, ...reasons: string[]): Status {
  return { code, reasons };
}

/** A status returned by many nodes: frozen once, shared, no allocation on the hot path. */
export function constStatus(plugin: string, code: Code, ...reasons: string[]): Status {
  return Object.freeze({ code, reasons: Object.freeze(reasons), plugin });
}

export function isRejected(s: Status | null | undefined): boolean {
  return !!s && (s.code === Code.Unschedulable || s.code === Code.UnschedulableAndUnresolvable);
}

/** A PreFilter that narrows the nodes worth filtering (NodeAffinity's `metadata.name In [...]`). */
export interface PreFilterResult {
  nodeNames: Set<string>;
}

/**
 * A filter plugin. `preFilter` returns null (go on), a Status (Skip: don't run `filter` for this
 * pod; rejected: the pod fits nowhere), or a PreFilterResult.
 */
export interface FilterPlugin {
  readonly name: string;
  preFilter?(state: CycleState): Status | PreFilterResult | null;
  filter(state: CycleState, node: NodeInfo): Status | null;
  /** `filter` for nodes[k] whose out[k] is still null, k < n (one monomorphic loop per plugin). */
  filterBatch?(state: CycleState, nodes: readonly NodeInfo[], n: number, out: (Status | null)[]): void;
  /** PreFilterExtensions: keep the plugin's cycle state right when a what-if adds / removes a pod on a node. */
  addPod?(state: CycleState, added: PodInfo, node: NodeInfo): void;
  removePod?(state: CycleState, removed: PodInfo, node: NodeInfo): void;
  /** A deep enough copy of the plugin's cycle state for what-ifs (preemption dry runs, nominated pods). */
  cloneState?(v: unknown): unknown;
}

/** A score plugin. `preScore` returning false means Skip (its score is not computed). */
export interface ScorePlugin {
  readonly name: string;
  readonly weight: number;
  preScore?(state: CycleState, feasible: readonly NodeInfo[]): boolean;
  score(state: CycleState, node: NodeInfo): number;
  /** `score` for nodes[0..n) into out (one monomorphic loop per plugin). */
  scoreBatch?(state: CycleState, nodes: readonly NodeInfo[], out: Float64Array, n: number): void;
  /** Rewrites raw scores (same order as `nodes`) into 0..100. */
  normalize?(state: CycleState, nodes: readonly NodeInfo[], scores: Float64Array, n: number): void;
}

export const MAX_NODE_SCORE = 100;

// ---- decision records -------------------------------------------------------------------------

/** One filter plugin's verdict on one node. `NotRun`: an earlier filter already rejected the node. */
export type FilterVerdictCode = 'Success' | 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Error' | 'Skip' | 'NotRun';

export interface FilterVerdict {
  plugin: string;
  code: FilterVerdictCode;
  /** The plugin's reasons, as counted in the FailedScheduling message. */
  reasons?: string[];
}

export interface PluginScore {
  plugin: string;
  weight: number;
  /** The plugin's Score before NormalizeScore. */
  raw: number;
  /** After NormalizeScore (0..100). */
  normalized: number;
  /** normalized × weight, the plugin's contribution to the total. */
  weighted: number;
}

export interface NodeDecision {
  node: string;
  /** Passed every filter. */
  feasible: boolean;
  /** Every filter plugin of the profile, in order. */
  filters: FilterVerdict[];
  /** Score plugins that ran (skipped ones are listed in `SchedulingDecision.scorePlugins`). Absent when not scored. */
  scores?: PluginScore[];
  totalScore?: number;
}

export interface PreemptionDecision {
  /** What the PostFilter said ("" when it found a node). */
  message: string;
  nominatedNode?: string;
  victims?: { namespace: string; name: string; uid: string }[];
}

export interface SchedulingDecision {
  podUid: string;
  namespace: string;
  name: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** Virtual time of the attempt, ms since the epoch. */
  timeMs: number;
  outcome: 'Scheduled' | 'Unschedulable' | 'Error';
  /** The chosen node (outcome Scheduled). */
  selectedNode?: string;
  /** The FailedScheduling message (outcome Unschedulable/Error). */
  message?: string;
  /** Nodes in the scheduler's snapshot. */
  numAllNodes: number;
  /** Nodes the filters ran on (adaptive percentageOfNodesToScore may stop early). */
  evaluatedNodes: number;
  feasibleNodes: number;
  /** The pod's status.nominatedNodeName, tried first. */
  nominatedNode?: string;
  /** A PreFilter plugin rejected the pod before any node was looked at. */
  preFilter?: { plugin: string; code: FilterVerdictCode; reasons: string[] };
  /** Filter plugins in profile order; `skipped` when PreFilter said Skip for this pod. */
  filterPlugins: { name: string; skipped: boolean }[];
  /** Score plugins in profile order with their weights; `skipped` when PreScore said Skip. */
  scorePlugins: { name: string; weight: number; skipped: boolean }[];
  /** Scoring did not run: a single feasible node is taken as is (upstream does the same). */
  scoringSkipped?: boolean;
  /** Per node: filter verdicts, and scores for feasible nodes. Evaluation order. */
  nodes: NodeDecision[];
  /** Evaluated nodes left out of `nodes` to bound memory in large clusters (see decisions.ts). */
  omittedNodes: number;
  /** Rejections by plugin over all evaluated nodes (including omitted ones). */
  rejectedBy: Record<string, number>;
  preemption?: PreemptionDecision;
}

/** What the scheduler offers other components as the `scheduler` service. */
export interface SchedulerService {
  /** The latest scheduling attempt of a pod, while the pod exists. */
  decision(podUid: string): SchedulingDecision | undefined;
  /** Where a pending pod waits in the scheduling queue. */
  queueStatus(podUid: string): QueueStatus | undefined;
}

export interface QueueStatus {
  queue: 'activeQ' | 'backoffQ' | 'unschedulablePods' | 'gated';
  attempts: number;
  /** backoffQ: when the backoff ends (virtual ms). */
  backoffUntilMs?: number;
  /** Plugins that rejected the pod in its last attempt. */
  unschedulablePlugins: string[];
}

export const SCHEDULER_SERVICE = 'scheduler';
export const SCHEDULER_NAME = 'default-scheduler';

export type { KObject };
