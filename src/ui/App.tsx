// The page: header with the clock; the cluster graph beside the YAML editor; the terminal below.

import { EditorPanel } from './editor/EditorPanel';
import { EditorToggle, SelectionBar } from './editor/SelectionBar';
import { useBuffers } from './editor/buffers';
import { TerminalPanel } from './terminal/TerminalPanel';
import { ConnectionBanner, Header } from './Header';
import { RestartBanner } from './controls/RestartBanner';
import { ShareBannerView } from './share/ShareButton';
import { useUiStore } from './store';
import { MainView } from './views/MainView';
import { SidePanel } from './views/SidePanel';
import { ThemeRoot } from './views/ThemeRoot';

export function App() {
  const status = useUiStore((s) => s.connection.status);
  const editorOpen = useBuffers((s) => s.open);
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
          {status === 'ready' && <SidePanel />}
          {editorOpen && <EditorPanel />}
        </div>
        <TerminalPanel />
      </main>
    </div>
  );
}
