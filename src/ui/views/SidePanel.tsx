// The right-hand column: the inspector above the event timeline; either can be hidden.

import { Inspector } from '../inspector/Inspector';
import { Timeline } from '../timeline/Timeline';
import { useViewStore } from './viewStore';

export function SidePanel() {
  const panels = useViewStore((s) => s.panels);
  if (!panels.inspector && !panels.timeline) return null;
  return (
    <aside className="side-panel" data-testid="side-panel">
      {panels.inspector && <Inspector />}
      {panels.timeline && <Timeline />}
    </aside>
  );
}
