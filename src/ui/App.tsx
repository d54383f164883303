// The page: header with the clock, the cluster graph, and a kubectl line below it.

import { ClusterGraph } from './graph/ClusterGraph';
import { KubectlConsole } from './console/KubectlConsole';
import { ConnectionBanner, Header } from './Header';
import { useUiStore } from './store';

export function App() {
  const status = useUiStore((s) => s.connection.status);
  return (
    <div className="app">
      <Header />
      <ConnectionBanner />
      <main className="app__main">
        {status === 'ready' ? (
          <ClusterGraph />
        ) : (
          <div className="graph graph--empty" data-testid="graph-placeholder">
            {status === 'booting' ? 'Starting the cluster…' : 'No cluster running.'}
          </div>
        )}
        <KubectlConsole />
      </main>
    </div>
  );
}
