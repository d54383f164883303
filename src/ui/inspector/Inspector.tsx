// The inspector of the selected object: `kubectl describe`, its YAML (read-only), its events
// (with its owners': the cause chain), owners and dependents, and for a pod the scheduler's
// decision table. Pod and node actions sit in its header.

import { useCallback, useMemo, useState } from 'react';
import type { KObject } from '../../sim/api/types';
import { useBridge } from '../bridge';
import { NODE_ACTIONS, POD_ACTIONS, actionsFor, runObjectAction } from '../controls/faults';
import { objectsOfKind, useUiStore, type UiState } from '../store';
import { eventsAbout } from '../timeline/model';
import { useViewStore } from '../views/viewStore';
import { KubectlText } from './KubectlText';
import { RelationsView } from './RelationsView';
import { SchedulerTable } from './SchedulerTable';
import './inspector.css';

type Tab = 'describe' | 'yaml' | 'events' | 'relations' | 'scheduling';

export function Inspector() {
  const uid = useUiStore((s) => s.selection.uid);
  const entry = useUiStore((s) => (s.selection.uid ? s.index.get(s.selection.uid) : undefined));
  const kinds = useUiStore((s) => s.kinds);
  const [tab, setTab] = useState<Tab>('describe');
  if (!uid || !entry) {
    return (
      <section className="inspector inspector--empty" data-testid="inspector">
        <div className="panel__title">Inspector</div>
        <p className="muted">Click a node, a pod or an event to inspect it. Right-click a node or pod for faults.</p>
      </section>
    );
  }
  const o = entry.object;
  const kind = String(o.kind ?? entry.kindKey.split('/')[1]);
  const info = kinds.find((k) => `${k.group}/${k.kind}` === entry.kindKey);
  const resource = info ? (info.group ? `${info.plural}.${info.group}` : info.plural) : kind.toLowerCase();
  const ns = o.metadata.namespace;
  const name = o.metadata.name ?? '';
  const nsFlag = ns ? ` -n ${ns}` : '';
  const version = o.metadata.resourceVersion ?? '';
  const isPod = entry.kindKey === '/Pod';
  const tabs: Tab[] = isPod ? ['describe', 'yaml', 'events', 'relations', 'scheduling'] : ['describe', 'yaml', 'events', 'relations'];
  const current = tabs.includes(tab) ? tab : 'describe';
  return (
    <section className="inspector" data-testid="inspector" aria-label="Inspector">
      <div className="inspector__head">
        <span className="inspector__kind">{kind}</span>
        <span className="inspector__name" data-testid="inspector-name" title={ns ? `${ns}/${name}` : name}>
          {ns ? `${ns}/` : ''}
          {name}
        </span>
        <button type="button" className="btn btn--small" aria-label="Close the inspector" onClick={() => useUiStore.getState().select(null)}>
          ×
        </button>
      </div>
      <ObjectActions kindKey={entry.kindKey} uid={uid} name={name} namespace={ns} object={o} />
      <div className="tabs" role="tablist">
        {tabs.map((t) => (
          <button key={t} type="button" role="tab" aria-selected={t === current} className={`tab${t === current ? ' tab--active' : ''}`} data-testid={`inspector-tab-${t}`} onClick={() => setTab(t)}>
            {t}
          </button>
        ))}
      </div>
      <div className="inspector__body">
        {current === 'describe' && <KubectlText line={`kubectl describe ${resource} ${name}${nsFlag}`} version={version} testId="inspector-describe" />}
        {current === 'yaml' && <KubectlText line={`kubectl get ${resource} ${name}${nsFlag} -o yaml`} version={version} testId="inspector-yaml" />}
        {current === 'events' && <ObjectEvents uid={uid} />}
        {current === 'relations' && <RelationsView uid={uid} />}
        {current === 'scheduling' && <SchedulerTable podUid={uid} version={o.spec?.nodeName ?? version} />}
      </div>
    </section>
  );
}

function ObjectActions({ kindKey, uid, name, namespace, object }: { kindKey: string; uid: string; name: string; namespace?: string; object: KObject }) {
  const bridge = useBridge();
  const actions = actionsFor(kindKey === '/Pod' ? POD_ACTIONS : kindKey === '/Node' ? NODE_ACTIONS : [], object);
  if (actions.length === 0) return null;
  return (
    <div className="inspector__actions">
      {actions.map((a) => (
        <button
          key={a.name}
          type="button"
          className={`btn btn--small${a.danger ? ' btn--danger' : ''}`}
          data-testid={`inspector-action-${a.name}`}
          onClick={() => void runObjectAction(bridge, a, { name, namespace, uid, object })}
        >
          {a.label}
        </button>
      ))}
    </div>
  );
}

/** Changes when any Event is added, changed or removed. */
const eventsRev = (s: UiState) => `${s.kindRevs['/Event']}:${s.kindRevs['events.k8s.io/Event']}`;

/** The object and its owners up to six levels, as uids (what its events are gathered for). */
function ownerUids(s: UiState, uid: string): string {
  const uids = [uid];
  let cur = s.index.get(uid)?.object;
  for (let i = 0; cur && i < 6; i++) {
    const owner = (cur.metadata.ownerReferences ?? [])[0]?.uid as string | undefined;
    if (!owner || uids.includes(owner)) break;
    uids.push(owner);
    cur = s.index.get(owner)?.object;
  }
  return uids.join(' ');
}

function ObjectEvents({ uid }: { uid: string }) {
  // Re-derived when an Event or the owner chain changes, not on every batch of pod updates; the
  // Events are read from the mirror's Event maps, not from a copy of the whole mirror.
  const chain = useUiStore(useCallback((s: UiState) => ownerUids(s, uid), [uid]));
  const rev = useUiStore(eventsRev);
  const actions = useViewStore((s) => s.actions);
  const rows = useMemo(() => {
    const s = useUiStore.getState();
    const events = [...objectsOfKind(s, '/Event').values(), ...objectsOfKind(s, 'events.k8s.io/Event').values()];
    return eventsAbout(events, actions, new Set(chain.split(' ')));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `rev` stands for the Events read here
  }, [chain, rev, actions]);
  if (rows.length === 0) return <p className="muted">No events for this object or its owners.</p>;
  return (
    <ol className="obj-events" data-testid="inspector-events">
      {rows.map((e) => (
        <li key={e.key} className={`obj-event obj-event--${e.type.toLowerCase()}`}>
          <time className="tl__time">{new Date(e.timeMs).toISOString().slice(11, 19)}</time>
          <span className="obj-event__object">{e.object}</span>
          <span className="tl__reason">{e.reason}</span>
          <span className="obj-event__message">{e.message}</span>
        </li>
      ))}
    </ol>
  );
}
