// Owners (up the chain) and dependents of the selected object; each one selects on click.

import { useMemo } from 'react';
import { objectsSnapshot, useUiStore } from '../store';
import { dependents, ownerChain, type RelatedRef } from './relations';

const MAX = 200;

function RefList({ refs, testId }: { refs: RelatedRef[]; testId: string }) {
  const select = useUiStore((s) => s.select);
  if (refs.length === 0) return <p className="muted">none</p>;
  return (
    <ul className="refs" data-testid={testId}>
      {refs.slice(0, MAX).map((r) => (
        <li key={r.uid}>
          <button type="button" className="ref" onClick={() => select(r.uid)}>
            <span className="ref__kind">{r.kind}</span> {r.namespace ? `${r.namespace}/` : ''}
            {r.name}
          </button>
        </li>
      ))}
      {refs.length > MAX && <li className="muted">… {refs.length - MAX} more</li>}
    </ul>
  );
}

export function RelationsView({ uid }: { uid: string }) {
  const objects = useUiStore(objectsSnapshot);
  const owners = useMemo(() => ownerChain(objects, uid), [objects, uid]);
  const deps = useMemo(() => dependents(objects, uid), [objects, uid]);
  return (
    <div className="relations">
      <h3 className="relations__title">Owners</h3>
      <RefList refs={owners} testId="inspector-owners" />
      <h3 className="relations__title">Dependents</h3>
      <RefList refs={deps} testId="inspector-dependents" />
    </div>
  );
}
