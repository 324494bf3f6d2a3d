import type { ReactElement } from 'react';

/**
 * The usual marks of the known provider types, drawn here (simple shapes, no remote fetch, no
 * markup from elsewhere): shown when a provider has no icon of its own. Types without a mark
 * (Custom OIDC, Custom OAuth2) keep their initial.
 */
const LOGOS: Record<string, ReactElement> = {
  azure: (
    <svg viewBox="0 0 24 24">
      <rect x="2" y="2" width="9.5" height="9.5" fill="#f25022" />
      <rect x="12.5" y="2" width="9.5" height="9.5" fill="#7fba00" />
      <rect x="2" y="12.5" width="9.5" height="9.5" fill="#00a4ef" />
      <rect x="12.5" y="12.5" width="9.5" height="9.5" fill="#ffb900" />
    </svg>
  ),
  google: (
    <svg viewBox="0 0 24 24" fill="none" strokeWidth="3.6">
      <path d="M18.4 6.3A8.6 8.6 0 0 0 4.6 7.6" stroke="#ea4335" />
      <path d="M4.6 7.6a8.6 8.6 0 0 0 0 8.8" stroke="#fbbc05" />
      <path d="M4.6 16.4a8.6 8.6 0 0 0 13.2 2.1" stroke="#34a853" />
      <path d="M17.8 18.5a8.6 8.6 0 0 0 2.8-6.5H12" stroke="#4285f4" />
    </svg>
  ),
  github: (
    <svg viewBox="0 0 16 16" className="provider-logo-mono">
      <path
        fill="currentColor"
        d="M8 0C3.58 0 0 3.58 0 8c0 3.54 2.29 6.53 5.47 7.59.4.07.55-.17.55-.38 0-.19-.01-.82-.01-1.49-2.01.37-2.53-.49-2.69-.94-.09-.23-.48-.94-.82-1.13-.28-.15-.68-.52-.01-.53.63-.01 1.08.58 1.23.82.72 1.21 1.87.87 2.33.66.07-.52.28-.87.51-1.07-1.78-.2-3.64-.89-3.64-3.95 0-.87.31-1.59.82-2.15-.08-.2-.36-1.02.08-2.12 0 0 .67-.21 2.2.82.64-.18 1.32-.27 2-.27.68 0 1.36.09 2 .27 1.53-1.04 2.2-.82 2.2-.82.44 1.1.16 1.92.08 2.12.51.56.82 1.27.82 2.15 0 3.07-1.87 3.75-3.65 3.95.29.25.54.73.54 1.48 0 1.07-.01 1.93-.01 2.2 0 .21.15.46.55.38A8.01 8.01 0 0 0 16 8c0-4.42-3.58-8-8-8z"
      />
    </svg>
  ),
  gitlab: (
    <svg viewBox="0 0 24 24">
      <path d="M12 22 2.2 14.1 4.7 3l3 8h8.6l3-8 2.5 11.1z" fill="#fc6d26" />
      <path d="M12 22 7.7 11h8.6z" fill="#e24329" />
      <path d="M12 22 2.2 14.1 7.7 11zM12 22l9.8-7.9-5.5-3.1z" fill="#fca326" />
    </svg>
  ),
  okta: (
    <svg viewBox="0 0 24 24">
      <circle cx="12" cy="12" r="7.5" fill="none" stroke="#007dc1" strokeWidth="4" />
    </svg>
  ),
  auth0: (
    <svg viewBox="0 0 24 24">
      <path d="M12 2 3.5 5l2 12.2L12 22l6.5-4.8L20.5 5z" fill="#eb5424" />
      <path d="m12 7 1.3 3.9h4.1l-3.3 2.4 1.3 3.9L12 14.8l-3.4 2.4 1.3-3.9-3.3-2.4h4.1z" fill="#fff" />
    </svg>
  ),
  keycloak: (
    <svg viewBox="0 0 24 24">
      <path d="M7 3h10l5 9-5 9H7l-5-9z" fill="#4d4d4d" />
      <path d="M9.5 7 7 12l2.5 5M14.5 7l2.5 5-2.5 5" fill="none" stroke="#00b8e3" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  ),
  authentik: (
    <svg viewBox="0 0 24 24">
      <rect x="2" y="2" width="20" height="20" rx="5" fill="#fd4b2d" />
      <path d="M7 16.5V11m5 5.5V7.5m5 9V12" stroke="#fff" strokeWidth="2.6" strokeLinecap="round" />
    </svg>
  ),
};

/** The type's mark, or undefined for a type without one. */
export function providerLogo(type: string | undefined): ReactElement | undefined {
  return type ? LOGOS[type] : undefined;
}

export const LOGO_TYPES = Object.keys(LOGOS);
