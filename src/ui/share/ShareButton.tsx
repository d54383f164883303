// The header's Share button: makes a link that rebuilds this playground (seed, nodes, editor
// buffers and the log of actions), copies it, and shows it for copying by hand when the
// browser refuses the clipboard.

import { useState } from 'react';
import { useUiStore } from '../store';
import { currentShareUrl, useShareStore } from './session';
import './share.css';

type Shown = { url: string; copied: boolean } | { error: string };

export function ShareButton() {
  const ready = useUiStore((s) => s.connection.status === 'ready');
  const replaying = useShareStore((s) => s.replaying);
  const [shown, setShown] = useState<Shown | null>(null);

  const share = async () => {
    let r: Awaited<ReturnType<typeof currentShareUrl>>;
    try {
      r = await currentShareUrl(window.location.href);
    } catch (e) {
      // The codec's chunk did not load (offline after a new deploy, say).
      setShown({ error: `Cannot share: ${e instanceof Error ? e.message : String(e)}.` });
      return;
    }
    if (!r.ok) {
      setShown({ error: `Cannot share: ${r.why}.` });
      return;
    }
    let copied = false;
    try {
      await navigator.clipboard.writeText(r.url);
      copied = true;
    } catch {
      // No clipboard permission (or an insecure page): the link is shown to copy by hand.
    }
    setShown({ url: r.url, copied });
  };

  return (
    <div className="share">
      <button type="button" className="btn" data-testid="share-button" disabled={!ready || replaying} title="Copy a link that rebuilds this cluster" onClick={() => void share()}>
        Share
      </button>
      {shown && (
        <div className="share__popover" role="dialog" aria-label="Share link" data-testid="share-popover">
          {'error' in shown ? (
            <span className="share__error">{shown.error}</span>
          ) : (
            <>
              <span>{shown.copied ? 'Link copied to the clipboard.' : 'Copy this link:'}</span>
              <input className="share__url" data-testid="share-link" readOnly value={shown.url} onFocus={(e) => e.currentTarget.select()} aria-label="share link" />
              <span className="share__size">{shown.url.length.toLocaleString('en-US')} characters</span>
            </>
          )}
          <button type="button" className="btn" data-testid="share-close" aria-label="Close" onClick={() => setShown(null)}>
            ✕
          </button>
        </div>
      )}
    </div>
  );
}

/** The outcome of opening a shared link (replayed, or why the link was refused). */
export function ShareBannerView() {
  const banner = useShareStore((s) => s.banner);
  const setBanner = useShareStore((s) => s.setBanner);
  if (!banner) return null;
  return (
    <div className={banner.kind === 'error' ? 'banner banner--dead' : 'banner'} role={banner.kind === 'error' ? 'alert' : 'status'} data-testid="share-banner">
      {banner.text}{' '}
      <button type="button" className="share__dismiss" aria-label="Dismiss" onClick={() => setBanner(null)}>
        ✕
      </button>
    </div>
  );
}
