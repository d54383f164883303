// The app proper, loaded by src/main.tsx after it has started the simulation worker: the bridge
// (adopting that worker), the playground session, the React tree and its stylesheets (the
// dynamic import resolves once they have loaded, so nothing is drawn unstyled).

import '@xyflow/react/dist/style.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { Bridge, BridgeContext } from './bridge';
import { createSimWorker, mark, type EarlyStart } from './earlyWorker';
import { startPlayground } from './share/session';
import type { WorkerLike } from './bridge';

export function mount(early: EarlyStart, root: HTMLElement): void {
  mark('kubeplay:mount');
  let first: WorkerLike | undefined = early.worker;
  // A factory, not one worker: if the worker dies, the bridge starts another from its last
  // snapshot. The first is the one the entry started (and maybe booted) already.
  const bridge = new Bridge(() => {
    const w = first ?? createSimWorker();
    first = undefined;
    return w;
  }, early.booted);
  // Boots from the URL; a `#share=` hash boots that link's cluster and replays its actions.
  startPlayground(bridge, window.location, early.fromUrl);

  createRoot(root).render(
    <StrictMode>
      <BridgeContext.Provider value={bridge}>
        <App />
      </BridgeContext.Provider>
    </StrictMode>,
  );
}
