import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './ui/styles.css';
import { App } from './ui/App';
import { Bridge, BridgeContext, bootOptionsFromUrl, createSimWorker } from './ui/bridge';

const bridge = new Bridge(createSimWorker());
bridge.boot(bootOptionsFromUrl(window.location.search));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BridgeContext.Provider value={bridge}>
      <App />
    </BridgeContext.Provider>
  </StrictMode>,
);
