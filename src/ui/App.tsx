// The page: header with the clock; the cluster graph beside the YAML editor; the terminal below.

import { lazy, Suspense, useEffect, useState } from 'react';
import { EditorToggle, SelectionBar } from './editor/SelectionBar';
import { useBuffers } from './editor/buffers';
import { TerminalPanel } from './terminal/TerminalPanel';
import { ConnectionBanner, Header } from './Header';
import { RestartBanner } from './controls/RestartBanner';
import { ShareBannerView } from './share/ShareButton';
import { useUiStore } from './store';
import { MainView } from './views/MainView';
import { ThemeRoot } from './views/ThemeRoot';
import { useViewStore } from './views/viewStore';

// Loaded after the first picture of the cluster (below): the inspector (YAML, describe, scheduler
// table) and the event timeline with its virtualizer were ≈ 51 KB of the app's 545 KB first chunk,
// fetched and parsed before anything could be drawn.
const SidePanel = lazy(() => import('./views/SidePanel').then((m) => ({ default: m.SidePanel })));
// The editor panel's chrome (tabs, samples, Apply / Dry run / Diff) loads beside the app's first
// chunk, while the cluster boots; Monaco itself loads later still (EditorPanel.tsx).
const EditorPanel = lazy(() => import('./editor/EditorPanel').then((m) => ({ default: m.EditorPanel })));

export function App() {
  const status = useUiStore((s) => s.connection.status);
  const editorOpen = useBuffers((s) => s.open);
  const sideReady = useAfterFirstFrame(status === 'ready');
  return (
    <div className="app">
      <ThemeRoot />
      <Header />
      <ConnectionBanner />
      <RestartBanner />
      <ShareBannerView />
      <main className="app__main">
        <div className="app__work">
          <div className="app__graph">
            {status === 'ready' ? (
              <MainView />
            ) : (
              <div className="graph graph--empty" data-testid="graph-placeholder">
                {status === 'booting' ? 'Starting the cluster…' : 'No cluster running.'}
              </div>
            )}
            <SelectionBar />
            <EditorToggle />
          </div>
          {status === 'ready' &&
            (sideReady ? (
              <Suspense fallback={<SidePanelFrame />}>
                <SidePanel />
              </Suspense>
            ) : (
              <SidePanelFrame />
            ))}
          {editorOpen && (
            <Suspense fallback={<EditorPanelFrame />}>
              <EditorPanel />
            </Suspense>
          )}
        </div>
        <TerminalPanel />
      </main>
    </div>
  );
}

/**
 * True from the frame after `on` became true (and from then on). The inspector and the event
 * timeline fill in then: the first picture of the cluster is drawn without waiting for them (their
 * first render and the timeline's row measuring were ≈ a quarter of the work between the worker's
 * `ready` and the graph on screen).
 */
function useAfterFirstFrame(on: boolean): boolean {
  const [after, setAfter] = useState(false);
  useEffect(() => {
    if (!on || after) return;
    const done = () => setAfter(true);
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A frame (the graph is drawn), then a task after it; a hidden tab draws no frames.
    const frame = requestAnimationFrame(() => (timer = setTimeout(done, 0)));
    const fallback = setTimeout(done, 250);
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      clearTimeout(fallback);
    };
  }, [on, after]);
  return after;
}

/**
 * The side panel's empty box until it fills in (and while its code loads): the graph is laid out at
 * its final width at once.
 */
function SidePanelFrame() {
  const panels = useViewStore((s) => s.panels);
  if (!panels.inspector && !panels.timeline) return null;
  return <aside className="side-panel" aria-busy="true" />;
}

/** The editor panel's empty box, at its width, while its code loads: nothing beside it moves. */
function EditorPanelFrame() {
  const width = useBuffers((s) => s.width);
  return <aside className="editor-panel" aria-busy="true" style={width ? { width } : undefined} />;
}
