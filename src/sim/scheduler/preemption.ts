// DefaultPreemption (plugins/defaultpreemption, framework/preemption): when a pod fits nowhere,
// find nodes where evicting lower-priority pods would make it fit. Per candidate node, remove
// every lower-priority pod, then reprieve as many as possible from the most important down
// (PDB-violating ones first); pick the node by fewest PDB violations, lowest highest victim
// priority, lowest priority sum, fewest victims, latest start of the highest-priority victims,
// then the first found. The dry run starts at a random offset among the nodes where preemption
// may help, and stops once max(10% of them, 100) candidates are found, as upstream does.

import { labelSelectorFromSpec } from '../api/selectors';
import type { KObject } from '../api/types';
import type { Rng } from '../core/rng';
import type { CycleState } from './cycle';
import { fitErrorMessage, newDiagnosis, type Diagnosis } from './diagnosis';
import type { Framework } from './framework';
import type { NodeInfo } from './nodeinfo';
import type { PodInfo } from './podinfo';
import { Code, type Status } from './types';

export const NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const NO_VICTIMS = 'No preemption victims found for incoming pod';
const MIN_CANDIDATE_NODES_PERCENTAGE = 10;
const MIN_CANDIDATE_NODES_ABSOLUTE = 100;
const INT32_SPAN = 2 ** 31;

export type PostFilterOutcome =
  /** `nominate`: '' clears status.nominatedNodeName; undefined leaves it. */
  | { ok: false; message: string; nominate?: '' }
  | { ok: true; node: string; victims: PodInfo[]; lowerNominated: PodInfo[] };

interface Candidate {
  node: string;
  victims: PodInfo[];
  numPDBViolations: number;
}

/** podTerminatingByPreemption: being deleted with DisruptionTarget reason PreemptionByScheduler. */
export function terminatingByPreemption(p: KObject): boolean {
  if (!p.metadata.deletionTimestamp) return false;
  const c = (p.status?.conditions ?? []).find((x: { type: string }) => x.type === 'DisruptionTarget');
  return !!c && c.status === 'True' && c.reason === 'PreemptionByScheduler';
}

function podStartMs(p: PodInfo, nowMs: number): number {
  return p.startMs ?? nowMs;
}

/** util.MoreImportantPod, with the pod key as a last, deterministic tie-break. */
function moreImportant(a: PodInfo, b: PodInfo, nowMs: number): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  const sa = podStartMs(a, nowMs);
  const sb = podStartMs(b, nowMs);
  if (sa !== sb) return sa - sb;
  // The `namespace/name` keys, built here (preemption is rare) rather than kept on every PodInfo.
  const ka = `${a.namespace}/${a.name}`;
  const kb = `${b.namespace}/${b.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

export class DefaultPreemption {
  constructor(
    private readonly fw: Framework,
    private readonly rng: Rng,
    private readonly clock: { now(): number },
  ) {}

  postFilter(state: CycleState, diagnosis: Diagnosis): PostFilterOutcome {
    const pod = state.pod;
    const pi = state.pi;
    const cache = this.fw.cache;
    const statusOf = (node: string): Status => diagnosis.statuses.get(node) ?? diagnosis.absent;

    // 1) Is the pod eligible to preempt?
    if (pod.spec?.preemptionPolicy === 'Never') return { ok: false, message: 'preemption: not eligible due to preemptionPolicy=Never.' };
    const nominated: string | undefined = pod.status?.nominatedNodeName || undefined;
    if (nominated && statusOf(nominated).code !== Code.UnschedulableAndUnresolvable) {
      const ni = cache.nodes.get(nominated);
      if (ni) {
        for (const p of ni.pods.values()) {
          if (p.priority < pi.priority && terminatingByPreemption(p.pod)) {
            return { ok: false, message: 'preemption: not eligible due to a terminating pod on the nominated node.' };
          }
        }
      }
    }

    // 2) Nodes where removing pods may help: those a filter rejected as Unschedulable (resolvable).
    const allNodes = cache.nodeList();
    const potential = allNodes.filter((n) => statusOf(n.name).code === Code.Unschedulable);
    const notHelpful = (d: Diagnosis) => {
      d.absent = { code: Code.UnschedulableAndUnresolvable, reasons: [NOT_HELPFUL] };
      return { ok: false as const, message: `preemption: ${fitErrorMessage(d)}`, nominate: '' as const };
    };
    if (potential.length === 0) return notHelpful(newDiagnosis(allNodes.length));

    const pdbs = this.fw.store.list('policy/PodDisruptionBudget');
    const offset = this.rng.int(potential.length);
    let numCandidates = Math.trunc((potential.length * MIN_CANDIDATE_NODES_PERCENTAGE) / 100);
    if (numCandidates < MIN_CANDIDATE_NODES_ABSOLUTE) numCandidates = MIN_CANDIDATE_NODES_ABSOLUTE;
    if (numCandidates > potential.length) numCandidates = potential.length;

    const nonViolating: Candidate[] = [];
    const violating: Candidate[] = [];
    const dryRun = newDiagnosis(allNodes.length);
    for (let i = 0; i < potential.length; i++) {
      const node = potential[(offset + i) % potential.length]!;
      const r = this.selectVictimsOnNode(state, node.clone(), pdbs);
      if ('victims' in r && r.victims.length > 0) {
        (r.numPDBViolations === 0 ? nonViolating : violating).push({ node: node.name, ...r });
        if (nonViolating.length > 0 && nonViolating.length + violating.length >= numCandidates) break;
        continue;
      }
      const st: Status = 'victims' in r ? { code: Code.Error, reasons: [`expected at least one victim pod on node "${node.name}"`] } : r;
      dryRun.statuses.set(node.name, st);
    }
    const candidates = [...nonViolating, ...violating];
    if (candidates.length === 0) return notHelpful(dryRun);

    const best = pickOneNodeForPreemption(candidates, this.clock.now());
    const lowerNominated = [...(cache.nominated.get(best.node)?.values() ?? [])].filter((p) => p.priority < pi.priority && p.uid !== pi.uid);
    return { ok: true, node: best.node, victims: best.victims, lowerNominated };
  }

  /** SelectVictimsOnNode on a copy of the node. */
  private selectVictimsOnNode(state0: CycleState, ni: NodeInfo, pdbs: KObject[]): { victims: PodInfo[]; numPDBViolations: number } | Status {
    const fw = this.fw;
    const state = fw.cloneState(state0);
    const pi = state.pi;
    const remove = (p: PodInfo) => {
      ni.removePod(p);
      for (const pl of fw.filters) pl.removePod?.(state, p, ni);
    };
    const add = (p: PodInfo) => {
      ni.addPod(p);
      for (const pl of fw.filters) pl.addPod?.(state, p, ni);
    };
    const potential: PodInfo[] = [];
    for (const p of [...ni.pods.values()]) {
      if (p.priority < pi.priority) {
        potential.push(p);
        remove(p);
      }
    }
    if (potential.length === 0) return { code: Code.UnschedulableAndUnresolvable, reasons: [NO_VICTIMS] };
    const st = fw.runFiltersWithNominated(state, ni);
    if (st !== null) return st;
    const now = this.clock.now();
    potential.sort((a, b) => moreImportant(a, b, now));
    const [violatingPods, nonViolatingPods] = filterPodsWithPDBViolation(potential, pdbs);
    const victims: PodInfo[] = [];
    let numPDBViolations = 0;
    const reprieve = (p: PodInfo): boolean => {
      add(p);
      const fits = fw.runFiltersWithNominated(state, ni) === null;
      if (!fits) {
        remove(p);
        victims.push(p);
      }
      return fits;
    };
    for (const p of violatingPods) if (!reprieve(p)) numPDBViolations++;
    for (const p of nonViolatingPods) reprieve(p);
    return { victims, numPDBViolations };
  }
}

/** filterPodsWithPDBViolation: pods whose eviction would exceed a PDB's disruptionsAllowed. */
export function filterPodsWithPDBViolation(pods: PodInfo[], pdbs: KObject[]): [PodInfo[], PodInfo[]] {
  const allowed = pdbs.map((p) => Number(p.status?.disruptionsAllowed ?? 0));
  const selectors = pdbs.map((p) => labelSelectorFromSpec(p.spec?.selector));
  const violating: PodInfo[] = [];
  const nonViolating: PodInfo[] = [];
  for (const p of pods) {
    let violated = false;
    if (Object.keys(p.labels).length > 0) {
      pdbs.forEach((pdb, i) => {
        if (pdb.metadata.namespace !== p.namespace) return;
        const sel = selectors[i]!;
        if (sel.empty || sel.matchesNothing || !sel.matches(p.labels)) return;
        if (pdb.status?.disruptedPods && Object.prototype.hasOwnProperty.call(pdb.status.disruptedPods, p.name)) return;
        allowed[i]!--;
        if (allowed[i]! < 0) violated = true;
      });
    }
    (violated ? violating : nonViolating).push(p);
  }
  return [violating, nonViolating];
}

/** pickOneNodeForPreemption with upstream's default criteria, in order. */
export function pickOneNodeForPreemption(candidates: Candidate[], nowMs: number): Candidate {
  const earliestStartOfHighest = (c: Candidate) => {
    let maxPriority = c.victims[0]!.priority;
    let earliest = podStartMs(c.victims[0]!, nowMs);
    for (const p of c.victims) {
      if (p.priority === maxPriority) earliest = Math.min(earliest, podStartMs(p, nowMs));
      else if (p.priority > maxPriority) {
        maxPriority = p.priority;
        earliest = podStartMs(p, nowMs);
      }
    }
    return earliest;
  };
  const scoreFuncs: ((c: Candidate) => number)[] = [
    (c) => -c.numPDBViolations,
    (c) => -c.victims[0]!.priority,
    (c) => -c.victims.reduce((s, p) => s + p.priority + INT32_SPAN, 0),
    (c) => -c.victims.length,
    earliestStartOfHighest,
  ];
  let all = candidates;
  for (const f of scoreFuncs) {
    let max = -Infinity;
    let selected: Candidate[] = [];
    for (const c of all) {
      const s = f(c);
      if (s > max) {
        max = s;
        selected = [];
      }
      if (s === max) selected.push(c);
    }
    if (selected.length === 1) return selected[0]!;
    all = selected;
  }
  return all[0]!;
}
