import { api } from '../../api/client';
import type { SignInChange, SignInImpact } from '../../api/types';
import { t } from '../../i18n';

/**
 * What a change would do to who can sign in, asked before it is made: the server refuses a
 * change that would leave no administrator a way in (and says why), and the console confirms the
 * others naming who they affect.
 */
export function previewSignInChange(change: SignInChange, providerId?: string): Promise<SignInImpact> {
  return api.post('/api/admin/oidc/sign-in-ways/preview', { body: providerId === undefined ? { change } : { change, provider_id: providerId } });
}

/** ": alice, bob, …" for a confirmation, or ''. */
export function affectedNames(impact: SignInImpact): string {
  return t.signInWays.names(impact.affected_names, impact.affected);
}
