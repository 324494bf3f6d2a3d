/*
 * Microsoft Entra ID puts an AADSTS number at the start of every error_description
 * ("AADSTS7000215: Invalid client secret provided. …", spec/oidc-rp.md §2.6). The number says
 * what is wrong far better than the OAuth `error` beside it (a wrong secret and an expired one
 * are both `invalid_client`). This turns the common ones into plain words and what to do. Only
 * the number is read: the rest of the description is never repeated.
 */

/** What an AADSTS code is about: deskgate's settings, the app registration, the person, or the made-up code of the provider test. */
export type EntraErrorKind =
  | 'secret_wrong'
  | 'secret_expired'
  | 'secret_missing'
  | 'client_unknown'
  | 'tenant_unknown'
  | 'redirect_uri'
  | 'app_registration'
  | 'person'
  | 'code_refused';

export interface EntraError {
  /** The number after AADSTS, e.g. '7000215'. */
  code: string;
  kind: EntraErrorKind;
  /** What happened, in plain words, ending with the code (AADSTS7000215). */
  words: string;
  /** What to do about it. */
  fix: string;
}

const REDIRECT_FIX =
  'In the Entra admin center, open the app registration → Authentication → Web → Redirect URIs and add exactly the redirect URI deskgate shows on Settings → OIDC (https, or http://localhost).';

const CODES: Record<string, Omit<EntraError, 'code' | 'words'> & { what: string }> = {
  '7000215': {
    kind: 'secret_wrong',
    what: 'Entra ID refused the client secret: it is not a secret of this application',
    fix: "Paste the secret's Value (shown only once, when the secret is created under Certificates & secrets), not its Secret ID. If the Value is lost, create a new secret.",
  },
  '7000222': {
    kind: 'secret_expired',
    what: 'The client secret has expired',
    fix: 'Create a new client secret under the app registration → Certificates & secrets and paste its Value here.',
  },
  '7000218': {
    kind: 'secret_missing',
    what: 'Entra ID expects a client secret and none was sent',
    fix: "Paste the Value of a client secret from the app registration → Certificates & secrets.",
  },
  '700016': {
    kind: 'client_unknown',
    what: 'Entra ID knows no application with this client ID in this tenant',
    fix: 'Copy the Application (client) ID from the app registration’s Overview page, and check that the tenant is the one the app is registered in.',
  },
  '90002': {
    kind: 'tenant_unknown',
    what: 'Entra ID knows no tenant by this ID or domain',
    fix: 'Copy the Directory (tenant) ID from the app registration’s Overview page.',
  },
  '90013': {
    kind: 'tenant_unknown',
    what: 'The tenant in the issuer is not a valid tenant ID or domain',
    fix: 'Copy the Directory (tenant) ID from the app registration’s Overview page.',
  },
  '50011': {
    kind: 'redirect_uri',
    what: 'The redirect URI deskgate sent is not registered for this application',
    fix: REDIRECT_FIX,
  },
  '500113': {
    kind: 'redirect_uri',
    what: 'No redirect URI is registered for this application',
    fix: REDIRECT_FIX,
  },
  '700054': {
    kind: 'app_registration',
    what: 'The app registration does not allow ID tokens from the authorization endpoint (response type code id_token)',
    fix: 'Set Response type to code under Advanced, or tick "ID tokens" under the app registration → Authentication.',
  },
  '50194': {
    kind: 'app_registration',
    what: 'The application is single-tenant, but the issuer is a multi-tenant one (common or organizations)',
    fix: 'Enter the Directory (tenant) ID instead of common or organizations, or make the app registration multi-tenant.',
  },
  '7000112': {
    kind: 'app_registration',
    what: 'The application is disabled in Entra ID',
    fix: 'Enable it under Enterprise applications → the application → Properties ("Enabled for users to sign-in").',
  },
  '65001': {
    kind: 'app_registration',
    what: 'Nobody has consented to the permissions the application asks for',
    fix: 'Grant admin consent under the app registration → API permissions.',
  },
  '50105': {
    kind: 'person',
    what: 'This person is not assigned to the application in Entra ID',
    fix: 'Assign them (or their group) under Enterprise applications → the application → Users and groups, or set "Assignment required" to No.',
  },
  '50020': {
    kind: 'person',
    what: 'This person’s account does not exist in the application’s tenant',
    fix: 'Invite them to the tenant as a guest, or make the app registration multi-tenant and list their tenant.',
  },
  '53003': {
    kind: 'person',
    what: 'A Conditional Access policy blocked this sign-in',
    fix: 'Check the sign-in logs in the Entra admin center for the policy that applied.',
  },
  '70008': {
    kind: 'code_refused',
    what: 'The authorization code has expired',
    fix: 'Sign in again, without waiting at the provider’s page.',
  },
  '70000': {
    kind: 'code_refused',
    what: 'The authorization code was refused as invalid',
    fix: 'Sign in again.',
  },
  '9002313': {
    kind: 'code_refused',
    what: 'The authorization code was refused as malformed',
    fix: 'Sign in again.',
  },
  '54005': {
    kind: 'code_refused',
    what: 'The authorization code was already used',
    fix: 'Sign in again.',
  },
  '50148': {
    kind: 'code_refused',
    what: 'The PKCE code verifier did not match the authorization request',
    fix: 'Sign in again.',
  },
};

/** The AADSTS number at the start of (or within) an Entra error_description. */
export function aadstsCode(description: unknown): string | undefined {
  if (typeof description !== 'string') return undefined;
  return /\bAADSTS(\d{5,8})\b/.exec(description.slice(0, 200))?.[1];
}

/** An Entra error_description in plain words and what to do; undefined when it carries no AADSTS code deskgate knows. */
export function decodeEntraError(description: unknown): EntraError | undefined {
  const code = aadstsCode(description);
  const known = code === undefined ? undefined : CODES[code];
  if (code === undefined || !known) return undefined;
  return { code, kind: known.kind, words: `${known.what} (AADSTS${code}).`, fix: known.fix };
}
