import { useState } from 'react';
import { t } from '../../i18n';
import { applyTheme, nextTheme, storedTheme, type ThemeChoice } from '../../theme';
import { AutoIcon, MoonIcon, SunIcon } from '../Icons';

/** Cycles system → light → dark. */
export function ThemeButton() {
  const [choice, setChoice] = useState<ThemeChoice>(storedTheme);
  const label = t.app.theme[choice];
  return (
    <button
      type="button"
      className="icon-button"
      aria-label={t.app.themeSwitch(label)}
      title={label}
      onClick={() => {
        const next = nextTheme(choice);
        applyTheme(next);
        setChoice(next);
      }}
    >
      {choice === 'light' ? <SunIcon /> : choice === 'dark' ? <MoonIcon /> : <AutoIcon />}
    </button>
  );
}
