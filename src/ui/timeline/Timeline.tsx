// The event timeline: every Event (and the user's actions), newest first, with filters by type,
// reason, object and namespace. Clicking an entry selects its object. Rows render as text.

import { memo, useDeferredValue, useMemo, useState } from 'react';
import { useUiStore } from '../store';
import { useViewStore } from '../views/viewStore';
import { allEntries, filterEntries, type TimelineEntry } from './model';
import './timeline.css';

const MAX_ROWS = 300;

function clockOf(ms: number): string {
  return ms ? new Date(ms).toISOString().slice(11, 19) : '--:--:--';
}

export function Timeline() {
  const objects = useUiStore((s) => s.objects);
  const actions = useViewStore((s) => s.actions);
  const deferred = useDeferredValue(objects);
  const entries = useMemo(() => allEntries(deferred, actions), [deferred, actions]);
  const [type, setType] = useState('');
  const [reason, setReason] = useState('');
  const [object, setObject] = useState('');
  const [namespace, setNamespace] = useState('');
  const namespaces = useMemo(() => [...new Set(entries.map((e) => e.namespace).filter(Boolean))].sort(), [entries]);
  const shown = useMemo(() => filterEntries(entries, { type, reason, object, namespace }), [entries, type, reason, object, namespace]);
  return (
    <section className="timeline" aria-label="Event timeline" data-testid="timeline">
      <div className="panel__title">
        Events <span className="panel__count" data-testid="timeline-count">{shown.length}</span>
      </div>
      <div className="timeline__filters">
        <select className="field" aria-label="type" data-testid="timeline-type" value={type} onChange={(e) => setType(e.target.value)}>
          <option value="">all types</option>
          <option value="Normal">Normal</option>
          <option value="Warning">Warning</option>
          <option value="Action">Actions</option>
        </select>
        <select className="field" aria-label="namespace" data-testid="timeline-namespace" value={namespace} onChange={(e) => setNamespace(e.target.value)}>
          <option value="">all namespaces</option>
          {namespaces.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
        <input className="field" placeholder="reason" aria-label="reason" data-testid="timeline-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
        <input className="field" placeholder="object" aria-label="object" data-testid="timeline-object" value={object} onChange={(e) => setObject(e.target.value)} />
      </div>
      <ol className="timeline__list" data-testid="timeline-list">
        {shown.slice(0, MAX_ROWS).map((e) => (
          <Row key={e.key} e={e} />
        ))}
        {shown.length === 0 && <li className="timeline__empty">No events match.</li>}
      </ol>
    </section>
  );
}

const Row = memo(function Row({ e }: { e: TimelineEntry }) {
  const exists = useUiStore((s) => !!e.uid && !!s.objects[e.uid]);
  const selected = useUiStore((s) => !!e.uid && s.selection.uid === e.uid);
  const select = () => {
    if (exists) useUiStore.getState().select(e.uid!);
  };
  return (
    <li
      className={`tl tl--${e.type.toLowerCase()}${selected ? ' tl--selected' : ''}${exists ? ' tl--link' : ''}`}
      data-testid="timeline-entry"
      data-type={e.type}
      data-reason={e.reason}
      onClick={select}
    >
      <div className="tl__head">
        <time className="tl__time">{clockOf(e.timeMs)}</time>
        <span className="tl__type">{e.type}</span>
        <span className="tl__reason">{e.reason}</span>
        {e.count > 1 && <span className="tl__count">×{e.count}</span>}
        <span className="tl__source">{e.source}</span>
      </div>
      <div className="tl__object">
        {e.namespace ? `${e.namespace}/` : ''}
        {e.object}
      </div>
      {e.message && <div className="tl__message">{e.message}</div>}
    </li>
  );
});
