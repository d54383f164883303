// A pod's scheduling decision: nodes × filter plugins with each verdict, the score plugins'
// weighted scores and the total; the chosen node's row is highlighted here and on the graph.

import { useEffect, useState } from 'react';
import type { SchedulingDecision } from '../../sim/scheduler/types';
import { useBridge } from '../bridge';
import { useViewStore } from '../views/viewStore';

const SHORT: Record<string, string> = {
  Success: '✓',
  Unschedulable: '✗',
  UnschedulableAndUnresolvable: '✗✗',
  Error: '!',
  Skip: '–',
  NotRun: '·',
};

function useDecision(podUid: string, version: string): SchedulingDecision | null | undefined {
  const bridge = useBridge();
  const [d, setD] = useState<SchedulingDecision | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void bridge.decision(podUid).then((r) => {
      if (live && r.ok && r.op === 'decision') setD(r.value);
    });
    return () => {
      live = false;
    };
  }, [bridge, podUid, version]);
  return d;
}

export function SchedulerTable({ podUid, version }: { podUid: string; version: string }) {
  const d = useDecision(podUid, version);
  const chosen = d?.selectedNode ?? null;
  useEffect(() => {
    useViewStore.getState().set({ highlightNode: chosen });
    return () => useViewStore.getState().set({ highlightNode: null });
  }, [chosen]);
  if (d === undefined) return <p className="muted">loading…</p>;
  if (d === null) return <p className="muted" data-testid="scheduler-none">The scheduler has no decision for this pod (not scheduled by default-scheduler, or bound directly).</p>;
  const filters = d.filterPlugins.filter((f) => !f.skipped);
  const scored = d.scorePlugins.filter((s) => !s.skipped);
  return (
    <div className="sched" data-testid="scheduler-table">
      <p className="sched__summary">
        Attempt {d.attempt}: <strong>{d.outcome}</strong>
        {chosen ? (
          <>
            {' '}
            on <strong className="sched__chosen-name">{chosen}</strong>
          </>
        ) : null}
        {' '}· {d.feasibleNodes}/{d.evaluatedNodes} nodes feasible
        {d.scoringSkipped ? ' · scoring skipped (one feasible node)' : ''}
      </p>
      {d.message && <p className="sched__message">{d.message}</p>}
      {d.preFilter && (
        <p className="sched__message">
          PreFilter {d.preFilter.plugin}: {d.preFilter.code} {d.preFilter.reasons.join('; ')}
        </p>
      )}
      <div className="sched__scroll">
        <table className="sched__table">
          <thead>
            <tr>
              <th>node</th>
              {filters.map((f) => (
                <th key={f.name} className="sched__plugin" title={`filter ${f.name}`}>
                  {f.name}
                </th>
              ))}
              {scored.map((s) => (
                <th key={s.name} className="sched__plugin sched__plugin--score" title={`score ${s.name} ×${s.weight}`}>
                  {s.name}
                </th>
              ))}
              <th>total</th>
            </tr>
          </thead>
          <tbody>
            {d.nodes.map((n) => (
              <tr key={n.node} className={n.node === chosen ? 'sched__row--chosen' : n.feasible ? '' : 'sched__row--rejected'} data-testid={`sched-row-${n.node}`}>
                <th scope="row">{n.node}</th>
                {filters.map((f) => {
                  const v = n.filters.find((x) => x.plugin === f.name);
                  const code = v?.code ?? 'NotRun';
                  return (
                    <td key={f.name} className={`sched__v sched__v--${code}`} title={`${f.name}: ${code}${v?.reasons?.length ? ` — ${v.reasons.join('; ')}` : ''}`}>
                      {SHORT[code] ?? code}
                    </td>
                  );
                })}
                {scored.map((s) => {
                  const sc = n.scores?.find((x) => x.plugin === s.name);
                  return (
                    <td key={s.name} className="sched__score" title={sc ? `raw ${sc.raw}, normalized ${sc.normalized} × weight ${sc.weight}` : 'not scored'}>
                      {sc ? Math.round(sc.weighted) : ''}
                    </td>
                  );
                })}
                <td className="sched__total">{n.totalScore !== undefined ? Math.round(n.totalScore) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="sched__rejections" data-testid="scheduler-rejections">
        {d.nodes.flatMap((n) =>
          n.filters
            .filter((f) => f.reasons?.length && f.code !== 'Success')
            .map((f) => (
              <li key={`${n.node}/${f.plugin}`}>
                <strong>{n.node}</strong> — {f.plugin}: {f.reasons!.join('; ')}
              </li>
            )),
        )}
      </ul>
      {d.omittedNodes > 0 && <p className="muted">{d.omittedNodes} more evaluated nodes not recorded.</p>}
      <p className="muted sched__legend">✓ pass · ✗ unschedulable · ✗✗ unresolvable · · not run (an earlier filter rejected) · scores are weighted</p>
    </div>
  );
}
