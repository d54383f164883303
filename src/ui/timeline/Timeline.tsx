// The event timeline: every Event (and the user's actions), newest first, with filters by type,
// reason, object and namespace. Clicking an entry selects its object. Rows render as text.
//
// Virtualized (@tanstack/react-virtual): a rollout makes thousands of Events and only the rows in
// view (plus an overscan) are in the DOM. Rows are memoized on their entry (cached per Event
// object in model.ts) and two booleans, so a batch re-renders only rows whose Event changed.

import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { useLazyStore } from '../lazyStore';
import { eventChangesSince, objectsOfKind, useUiStore, type JournalCursor, type UiState } from '../store';
import { useViewStore } from '../views/viewStore';
import { filterEntries, TimelineEntries, type TimelineEntry } from './model';
import './timeline.css';

/** Rows drawn beyond the visible ones each way: scrolling stays smooth and recent history stays in the DOM. */
const OVERSCAN = 30;
/** A first guess of a row's height (head, object, one line of message); rows are measured once drawn. */
const ESTIMATED_ROW_PX = 62;
const ROW_GAP_PX = 4;
/**
 * The list follows the Events at most this often (wall ms). A rollout adds Events in nearly every
 * batch; redrawing the list for each (new rows at the top, the virtualizer's measurements, style
 * and layout) cost frames, and a text list read by a person gains nothing from 60 updates a second.
 */
const REFRESH_MS = 250;

/**
 * What the rows depend on: the Event objects, and which objects exist (a row links to its object).
 * Pod status updates, most of a batch, change neither.
 */
const timelineKey = (s: UiState) => `${s.kindRevs['/Event']}:${s.kindRevs['events.k8s.io/Event']}:${s.membersRev}`;
const selectedUid = (s: UiState) => s.selection.uid;

function* eventsOf(s: UiState) {
  yield* objectsOfKind(s, '/Event').values();
  yield* objectsOfKind(s, 'events.k8s.io/Event').values();
}

function clockOf(ms: number): string {
  return ms ? new Date(ms).toISOString().slice(11, 19) : '--:--:--';
}

export function Timeline() {
  // Rendered in transitions, never synchronously with a batch (lazyStore.ts).
  // Delivered when the browser is idle: the list's render and its rows' style and layout then
  // land between the graph's frames, not on top of them.
  const key = useLazyStore(timelineKey, REFRESH_MS, true);
  const selected = useUiStore(selectedUid);
  const actions = useViewStore((s) => s.actions);
  // The Events as of `key` (read, not subscribed: the mirror changes in place on every batch).
  // Kept sorted across renders: only the Events changed since the last read (the store's journal)
  // are looked at, and new ones sorted in (model.ts). The entries and the cursor move together, so
  // a render React throws away leaves them consistent.
  const [sorted] = useState(() => new TimelineEntries());
  const cursor = useRef<JournalCursor | null>(null);
  const entries = useMemo(
    () => {
      const s = useUiStore.getState();
      const changes = eventChangesSince(cursor.current);
      cursor.current = changes.cursor;
      if (!changes.uids) return sorted.update(eventsOf(s), actions);
      return sorted.updateChanged(changes.uids, (uid) => s.index.get(uid), actions);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for the Events read here
    [sorted, key, actions],
  );
  const [type, setType] = useState('');
  const [reason, setReason] = useState('');
  const [object, setObject] = useState('');
  const [namespace, setNamespace] = useState('');
  // eslint-disable-next-line react-hooks/exhaustive-deps -- kept per namespace as entries come and go
  const namespaces = useMemo(() => sorted.namespaces(), [sorted, entries]);
  const shown = useMemo(() => filterEntries(entries, { type, reason, object, namespace }), [entries, type, reason, object, namespace]);
  const listRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => listRef.current,
    estimateSize: () => ESTIMATED_ROW_PX,
    getItemKey: useCallback((i: number) => shown[i].key, [shown]),
    overscan: OVERSCAN,
    gap: ROW_GAP_PX,
    measureElement: measureRow,
  });
  const items = virtualizer.getVirtualItems();
  const windowRef = useRef<HTMLOListElement>(null);
  // Rows skip re-rendering when only their position changed (a new Event above them), so their
  // data-index (which the virtualizer's measuring reads) is brought up to date here.
  useLayoutEffect(() => {
    const rows = windowRef.current?.children;
    if (!rows) return;
    for (let i = 0; i < rows.length && i < items.length; i++) (rows[i] as HTMLElement).dataset.index = String(items[i].index);
  });
  const select = useCallback((uid: string) => useUiStore.getState().select(uid), []);
  // Which objects exist (a row links to its object): `key` moves with membersRev, so this is current.
  const index = useUiStore.getState().index;
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
      <div className="timeline__list" ref={listRef}>
        {shown.length === 0 ? (
          <ol className="timeline__window">
            <li className="timeline__empty">No events match.</li>
          </ol>
        ) : (
          // One box as tall as every row, and the drawn rows in normal flow inside it, moved down
          // to the first one's place: a new Event at the top shifts the rows without changing
          // their props, so React re-renders only the new row.
          <div className="timeline__rows" style={{ height: virtualizer.getTotalSize() }}>
            <ol className="timeline__window" data-testid="timeline-list" ref={windowRef} style={{ transform: `translateY(${items[0]?.start ?? 0}px)` }}>
              {items.map((v) => {
                const e = shown[v.index];
                return (
                  <Row
                    key={v.key}
                    index={v.index}
                    measure={virtualizer.measureElement}
                    e={e}
                    exists={!!e.uid && index.has(e.uid)}
                    selected={!!e.uid && e.uid === selected}
                    onSelect={select}
                  />
                );
              })}
            </ol>
          </div>
        )}
      </div>
    </section>
  );
}

/**
 * A row's height from its ResizeObserver entry, never read from the DOM on mount: the default
 * reads `offsetHeight` when a row is attached, which forces a synchronous layout of the whole page
 * (the graph's freshly committed boxes too) in the middle of React's commit — ≈ 20% of the main
 * thread's JavaScript during a 1,000-pod rollout. The observer reports each new row's size after
 * the frame's own layout; until then the row counts as its cached size or the estimate.
 */
function measureRow(el: Element, entry: ResizeObserverEntry | undefined, v: Virtualizer<HTMLDivElement, Element>): number {
  const box = entry?.borderBoxSize?.[0];
  if (box) return Math.round(box.blockSize);
  // After layout (the observer's callback): reading the height forces nothing.
  if (entry) return (el as HTMLElement).offsetHeight;
  const index = v.indexFromElement(el);
  return v.itemSizeCache.get(v.options.getItemKey(index)) ?? ESTIMATED_ROW_PX;
}

interface RowProps {
  index: number;
  measure: (el: HTMLElement | null) => void;
  e: TimelineEntry;
  exists: boolean;
  selected: boolean;
  onSelect(uid: string): void;
}

const Row = memo(function Row({ index, measure, e, exists, selected, onSelect }: RowProps) {
  return (
    <li
      ref={measure}
      data-index={index}
      className={`tl tl--${e.type.toLowerCase()}${selected ? ' tl--selected' : ''}${exists ? ' tl--link' : ''}`}
      data-testid="timeline-entry"
      data-type={e.type}
      data-reason={e.reason}
      onClick={() => exists && onSelect(e.uid!)}
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
}, sameRow);

/** Equal rows draw the same: the index alone moves as Events arrive above (see the layout effect). */
function sameRow(a: RowProps, b: RowProps): boolean {
  return a.e === b.e && a.exists === b.exists && a.selected === b.selected && a.measure === b.measure && a.onSelect === b.onSelect;
}

