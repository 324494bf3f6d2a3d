/**
 * Light, dark, or the system's choice. The choice (not a secret) is kept in localStorage; the
 * resolved theme is `data-theme` on <html>, which the CSS variables in styles.css follow.
 */
export type ThemeChoice = 'light' | 'dark' | 'system';

const KEY = 'deskgate.theme';
const dark = window.matchMedia('(prefers-color-scheme: dark)');

export function storedTheme(): ThemeChoice {
  const value = window.localStorage.getItem(KEY);
  return value === 'light' || value === 'dark' ? value : 'system';
}

export function applyTheme(choice: ThemeChoice): void {
  const resolved = choice === 'system' ? (dark.matches ? 'dark' : 'light') : choice;
  document.documentElement.dataset.theme = resolved;
  if (choice === 'system') window.localStorage.removeItem(KEY);
  else window.localStorage.setItem(KEY, choice);
}

/** Follows the system while the choice is "system". */
export function watchSystemTheme(): void {
  dark.addEventListener('change', () => {
    if (storedTheme() === 'system') applyTheme('system');
  });
}

export function nextTheme(choice: ThemeChoice): ThemeChoice {
  return choice === 'system' ? 'light' : choice === 'light' ? 'dark' : 'system';
}
