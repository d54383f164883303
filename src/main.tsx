// The page's entry, kept tiny: start (and boot) the simulation worker first, so the cluster boots
// while the app's code is fetched and compiled, then load the app. The stylesheets come with the
// app (mount.tsx): a stylesheet of this entry would hold back running it, and so the worker, until
// it had loaded (the browser runs module scripts only once the page's stylesheets are in).
import { startEarly } from './ui/earlyWorker';

const early = startEarly(window.location);

void import('./ui/mount').then(({ mount }) => mount(early, document.getElementById('root')!));
