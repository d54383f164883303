// HPA normalization (pkg/controller/podautoscaler/horizontal.go): without `spec.behavior`, the
// 5-minute downscale stabilization window and the scale-up limit max(2×current, 4); with it, the
// up/down stabilization windows and the Pods/Percent rate policies over past scale events. The
// recommendations and scale events are controller state (snapshotted).

import type { ComponentState } from '../host';

/** `--horizontal-pod-autoscaler-downscale-stabilization`. */
export const DOWNSCALE_STABILIZATION_MS = 5 * 60_000;

interface Recommendation {
  recommendation: number;
  timestampMs: number;
}

interface ScaleEvent {
  replicaChange: number;
  timestampMs: number;
  outdated: boolean;
}

export interface ScalingPolicy {
  type: 'Pods' | 'Percent';
  value: number;
  periodSeconds: number;
}

export interface ScalingRules {
  stabilizationWindowSeconds?: number;
  selectPolicy?: 'Max' | 'Min' | 'Disabled';
  policies?: ScalingPolicy[];
}

export interface Normalized {
  desired: number;
  /** AbleToScale condition reason and message. */
  ableReason: string;
  ableMessage: string;
  /** ScalingLimited condition: limited (True) or not, reason, message. */
  limited: boolean;
  limitReason: string;
  limitMessage: string;
}

const SCALE_UP_DEFAULTS: ScalingRules = { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] };
const SCALE_DOWN_DEFAULTS: ScalingRules = { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] };

export class HpaHistory implements ComponentState {
  private recommendations = new Map<string, Recommendation[]>();
  private scaleUpEvents = new Map<string, ScaleEvent[]>();
  private scaleDownEvents = new Map<string, ScaleEvent[]>();

  forget(key: string): void {
    this.recommendations.delete(key);
    this.scaleUpEvents.delete(key);
    this.scaleDownEvents.delete(key);
  }

  /** `recordInitialRecommendation`. */
  recordInitial(key: string, current: number, now: number): void {
    if (!this.recommendations.has(key)) this.recommendations.set(key, [{ recommendation: current, timestampMs: now }]);
  }

  /** `normalizeDesiredReplicas` (no behavior). */
  normalize(key: string, current: number, desired: number, min: number, max: number, now: number): Normalized {
    // stabilizeRecommendation
    let stabilized = desired;
    let oldIndex = -1;
    const recs = this.recommendations.get(key) ?? [];
    recs.forEach((r, i) => {
      if (r.timestampMs < now - DOWNSCALE_STABILIZATION_MS) oldIndex = i;
      else if (r.recommendation > stabilized) stabilized = r.recommendation;
    });
    if (oldIndex >= 0) recs[oldIndex] = { recommendation: desired, timestampMs: now };
    else recs.push({ recommendation: desired, timestampMs: now });
    this.recommendations.set(key, recs);
    const [ableReason, ableMessage] = stabilized !== desired
      ? ['ScaleDownStabilized', 'recent recommendations were higher than current one, applying the highest recent recommendation']
      : ['ReadyForNewScale', 'recommended size matches current size'];
    // convertDesiredReplicasWithRules
    const scaleUpLimit = Math.max(2 * current, 4);
    let maxAllowed: number;
    let reason: string;
    let message: string;
    if (max > scaleUpLimit) {
      maxAllowed = scaleUpLimit;
      [reason, message] = ['ScaleUpLimit', 'the desired replica count is increasing faster than the maximum scale rate'];
    } else {
      maxAllowed = max;
      [reason, message] = ['TooManyReplicas', 'the desired replica count is more than the maximum replica count'];
    }
    let out = stabilized;
    if (stabilized < min) {
      out = min;
      [reason, message] = ['TooFewReplicas', 'the desired replica count is less than the minimum replica count'];
    } else if (stabilized > maxAllowed) out = maxAllowed;
    else [reason, message] = ['DesiredWithinRange', 'the desired count is within the acceptable range'];
    return { desired: out, ableReason, ableMessage, limited: out !== stabilized, limitReason: reason, limitMessage: message };
  }

  /** `normalizeDesiredReplicasWithBehaviors`. */
  normalizeWithBehaviors(key: string, behavior: { scaleUp?: ScalingRules; scaleDown?: ScalingRules }, current: number, desired: number, min: number, max: number, now: number): Normalized {
    const up = { ...SCALE_UP_DEFAULTS, ...(behavior.scaleUp ?? {}) };
    const down = { ...SCALE_DOWN_DEFAULTS, ...(behavior.scaleDown ?? {}) };
    const downWindow = down.stabilizationWindowSeconds ?? DOWNSCALE_STABILIZATION_MS / 1000;
    // stabilizeRecommendationWithBehaviors
    const upCutoff = now - (up.stabilizationWindowSeconds ?? 0) * 1000;
    const downCutoff = now - downWindow * 1000;
    let upRec = desired;
    let downRec = desired;
    let oldIndex = -1;
    const recs = this.recommendations.get(key) ?? [];
    recs.forEach((r, i) => {
      if (r.timestampMs > upCutoff) upRec = Math.min(r.recommendation, upRec);
      if (r.timestampMs > downCutoff) downRec = Math.max(r.recommendation, downRec);
      if (r.timestampMs < upCutoff && r.timestampMs < downCutoff) oldIndex = i;
    });
    let stabilized = current;
    if (stabilized < upRec) stabilized = upRec;
    if (stabilized > downRec) stabilized = downRec;
    if (oldIndex >= 0) recs[oldIndex] = { recommendation: desired, timestampMs: now };
    else recs.push({ recommendation: desired, timestampMs: now });
    this.recommendations.set(key, recs);
    const [ableReason, ableMessage] = stabilized === desired
      ? ['ReadyForNewScale', 'recommended size matches current size']
      : desired >= current
        ? ['ScaleUpStabilized', 'recent recommendations were lower than current one, applying the lowest recent recommendation']
        : ['ScaleDownStabilized', 'recent recommendations were higher than current one, applying the highest recent recommendation'];
    // convertDesiredReplicasWithBehaviorRate
    let out = stabilized;
    let [reason, message] = ['DesiredWithinRange', 'the desired count is within the acceptable range'];
    const ups = this.scaleUpEvents.get(key) ?? [];
    const downs = this.scaleDownEvents.get(key) ?? [];
    if (stabilized > current) {
      const limit = Math.max(scaleLimit(current, ups, downs, up, 'up', now), current);
      const maxAllowed = Math.min(max, limit);
      const [r, m] = max > limit
        ? ['ScaleUpLimit', 'the desired replica count is increasing faster than the maximum scale rate']
        : ['TooManyReplicas', 'the desired replica count is more than the maximum replica count'];
      if (stabilized > maxAllowed) [out, reason, message] = [maxAllowed, r, m];
    } else if (stabilized < current) {
      const limit = Math.min(scaleLimit(current, ups, downs, down, 'down', now), current);
      const minAllowed = Math.max(min, limit);
      const [r, m] = min < limit
        ? ['ScaleDownLimit', 'the desired replica count is decreasing faster than the maximum scale rate']
        : ['TooFewReplicas', 'the desired replica count is less than the minimum replica count'];
      if (stabilized < minAllowed) [out, reason, message] = [minAllowed, r, m];
    }
    return { desired: out, ableReason, ableMessage, limited: out !== stabilized, limitReason: reason, limitMessage: message };
  }

  /** `storeScaleEvent` (only with a behavior). */
  storeScaleEvent(key: string, behavior: { scaleUp?: ScalingRules; scaleDown?: ScalingRules }, prev: number, next: number, now: number): void {
    const upward = next > prev;
    const rules = upward ? { ...SCALE_UP_DEFAULTS, ...(behavior.scaleUp ?? {}) } : { ...SCALE_DOWN_DEFAULTS, ...(behavior.scaleDown ?? {}) };
    const longest = Math.max(0, ...(rules.policies ?? []).map((p) => p.periodSeconds));
    const map = upward ? this.scaleUpEvents : this.scaleDownEvents;
    const events = map.get(key) ?? [];
    for (const e of events) if (e.timestampMs < now - longest * 1000) e.outdated = true;
    const ev: ScaleEvent = { replicaChange: Math.abs(next - prev), timestampMs: now, outdated: false };
    const old = events.findIndex((e) => e.outdated);
    if (old >= 0) events[old] = ev;
    else events.push(ev);
    map.set(key, events);
  }

  snapshot(): unknown {
    const sorted = <T>(m: Map<string, T>) => [...m].sort(([a], [b]) => (a < b ? -1 : 1));
    return { recommendations: sorted(this.recommendations), up: sorted(this.scaleUpEvents), down: sorted(this.scaleDownEvents) };
  }

  restore(data: unknown): void {
    const d = (data ?? {}) as { recommendations?: [string, Recommendation[]][]; up?: [string, ScaleEvent[]][]; down?: [string, ScaleEvent[]][] };
    this.recommendations = new Map(d.recommendations ?? []);
    this.scaleUpEvents = new Map(d.up ?? []);
    this.scaleDownEvents = new Map(d.down ?? []);
  }
}

/** Replicas changed in the last `periodSeconds` by these events. */
function changeInPeriod(events: readonly ScaleEvent[], periodSeconds: number, now: number): number {
  const cutoff = now - periodSeconds * 1000;
  return events.reduce((n, e) => (e.timestampMs > cutoff ? n + e.replicaChange : n), 0);
}

/** `calculateScaleUpLimitWithScalingRules` / `calculateScaleDownLimitWithBehaviors`. */
function scaleLimit(current: number, ups: readonly ScaleEvent[], downs: readonly ScaleEvent[], rules: ScalingRules, dir: 'up' | 'down', now: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const minChange = rules.selectPolicy === 'Min';
  let result = dir === 'up' ? (minChange ? Infinity : -Infinity) : minChange ? -Infinity : Infinity;
  for (const p of rules.policies ?? []) {
    const start = current - changeInPeriod(ups, p.periodSeconds, now) + changeInPeriod(downs, p.periodSeconds, now);
    let proposed: number;
    if (dir === 'up') proposed = p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
    else proposed = p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
    if (dir === 'up') result = minChange ? Math.min(result, proposed) : Math.max(result, proposed);
    else result = minChange ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}
