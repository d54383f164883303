// The context menu of a node or pod (right-click, or the ⋮ button on a node box): faults and
// kubectl actions, each recorded in the timeline.

import { useEffect } from 'react';
import { useBridge } from '../bridge';
import { useViewStore } from '../views/viewStore';
import { useUiStore } from '../store';
import { NODE_ACTIONS, POD_ACTIONS, actionsFor, runObjectAction } from './faults';

export function ContextMenu() {
  const bridge = useBridge();
  const menu = useViewStore((s) => s.menu);
  const object = useUiStore((s) => (menu ? s.index.get(menu.uid)?.object : undefined));
  useEffect(() => {
    if (!menu) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent && e.key !== 'Escape') return;
      if (e instanceof MouseEvent && (e.target as HTMLElement).closest?.('.ctx-menu')) return;
      useViewStore.getState().set({ menu: null });
    };
    window.addEventListener('mousedown', close);
    window.addEventListener('keydown', close);
    return () => {
      window.removeEventListener('mousedown', close);
      window.removeEventListener('keydown', close);
    };
  }, [menu]);
  if (!menu) return null;
  const actions = actionsFor(menu.kind === 'node' ? NODE_ACTIONS : POD_ACTIONS, object);
  const left = Math.min(menu.x, window.innerWidth - 260);
  const top = Math.min(menu.y, window.innerHeight - actions.length * 34 - 50);
  return (
    <div className="ctx-menu" role="menu" style={{ left, top }} data-testid="context-menu">
      <div className="ctx-menu__title">
        {menu.kind} {menu.namespace ? `${menu.namespace}/` : ''}
        {menu.name}
      </div>
      {actions.map((a) => (
        <button
          key={a.name}
          type="button"
          role="menuitem"
          className={`ctx-menu__item${a.danger ? ' ctx-menu__item--danger' : ''}`}
          data-testid={`action-${a.name}`}
          onClick={() => {
            useViewStore.getState().set({ menu: null });
            void runObjectAction(bridge, a, { ...menu, object });
          }}
        >
          {a.label}
        </button>
      ))}
    </div>
  );
}
