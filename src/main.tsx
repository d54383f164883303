// The page's entry, kept tiny: start (and boot) the simulation worker first, so the cluster boots
// while the app's code is fetched and compiled, then load the app.
import '@xyflow/react/dist/style.css';
import './ui/styles.css';
import { startEarly } from './ui/earlyWorker';

const early = startEarly(window.location);

void import('./ui/mount').then(({ mount }) => mount(early, document.getElementById('root')!));
