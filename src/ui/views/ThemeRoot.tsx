// Applies the theme and presenter mode to <html> (data attributes the CSS keys on) and installs
// the keyboard shortcuts.

import { useEffect } from 'react';
import { useShortcuts } from '../controls/useShortcuts';
import { useViewStore } from './viewStore';

export function ThemeRoot() {
  const theme = useViewStore((s) => s.theme);
  const presenter = useViewStore((s) => s.presenter);
  useShortcuts();
  useEffect(() => {
    const root = document.documentElement;
    root.dataset.theme = theme;
    root.dataset.presenter = presenter ? 'on' : 'off';
  }, [theme, presenter]);
  return null;
}
