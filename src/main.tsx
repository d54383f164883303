import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './ui/styles.css';
import { App } from './ui/App';
import { Bridge, BridgeContext, bootOptionsFromUrl, createSimWorker } from './ui/bridge';
import { startPlayground } from './ui/share/session';

// A factory, not one worker: if the worker dies, the bridge starts another from its last snapshot.
const bridge = new Bridge(createSimWorker);
// Boots from the URL; a `#share=` hash boots that link's cluster and replays its actions.
startPlayground(bridge, window.location, bootOptionsFromUrl(window.location.search));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BridgeContext.Provider value={bridge}>
      <App />
    </BridgeContext.Provider>
  </StrictMode>,
);
