// Says that the simulation worker died and was restarted from its last snapshot, and when that
// snapshot was taken: what happened after it is gone; what the user typed (editor, terminal) is
// on the page and stays.

import { formatClock } from '../Header';
import { useRestartNotice } from './restartNotice';

export function RestartBanner() {
  const notice = useRestartNotice((s) => s.notice);
  if (!notice) return null;
  return (
    <div className="banner" role="status" data-testid="sim-restarted">
      The simulation stopped ({notice.reason}) and was restarted from the snapshot at{' '}
      <time data-testid="sim-restarted-at" dateTime={new Date(notice.atMs).toISOString()}>
        {formatClock(notice.atMs)}
      </time>
      ; the cluster continues from there.{notice.count > 1 ? ` (restart ${notice.count})` : ''}{' '}
      <button type="button" className="btn btn--small" aria-label="Dismiss" onClick={() => useRestartNotice.getState().dismiss()}>
        ×
      </button>
    </div>
  );
}
