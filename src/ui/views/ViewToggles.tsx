// The header's view buttons. Their own module: the header is in the first picture, the side panel
// they toggle is loaded after it (App.tsx).

import { useViewStore } from './viewStore';

/** Header buttons: show/hide panels, presenter mode, theme. */
export function ViewToggles() {
  const panels = useViewStore((s) => s.panels);
  const presenter = useViewStore((s) => s.presenter);
  const theme = useViewStore((s) => s.theme);
  const v = useViewStore.getState();
  return (
    <div className="view-toggles">
      <button type="button" className="btn" aria-pressed={panels.inspector} data-testid="toggle-inspector" onClick={() => v.togglePanel('inspector')}>
        Inspector
      </button>
      <button type="button" className="btn" aria-pressed={panels.timeline} data-testid="toggle-timeline" onClick={() => v.togglePanel('timeline')}>
        Events
      </button>
      <button type="button" className="btn" aria-pressed={presenter} data-testid="toggle-presenter" title="Presenter mode: large type, high contrast (P)" onClick={() => v.togglePresenter()}>
        Presenter
      </button>
      <button type="button" className="btn" data-testid="toggle-theme" title="Light / dark theme (T)" onClick={() => v.toggleTheme()}>
        {theme === 'dark' ? '☀' : '☾'}
      </button>
    </div>
  );
}
