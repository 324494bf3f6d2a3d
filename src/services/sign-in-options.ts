import type { ProviderType } from '../domain/auth-provider.js';
import type { AuthProviderService, ProviderSnapshot } from './auth-providers.js';
import type { SettingsService } from './settings.js';

/** A "Continue with …" button on the console's sign-in page. */
export interface ConsoleProviderOption {
  name: string;
  type: ProviderType;
  display_name: string;
  icon: string;
}

/**
 * The ways to sign in that deskgate offers before anyone is signed in: to RustDesk clients
 * (`GET /api/login-options`) and to the console's sign-in page.
 */
export function createSignInOptionsService({ providers, settings }: { providers: AuthProviderService; settings: SettingsService }) {
  // Asked by every client at start and by TLS probes: computed once per providers' snapshot,
  // which is itself kept for a few seconds and dropped when a provider changes.
  let last: { snapshot: Promise<ProviderSnapshot>; options: Promise<string[]> } | undefined;

  async function compute(snapshot: Promise<ProviderSnapshot>): Promise<string[]> {
    const enabled = (await snapshot).ordered.filter((p) => p.enabled);
    if (enabled.length === 0) return [];
    const common = enabled.map((p) => (p.icon ? { name: p.name, icon: p.icon } : { name: p.name }));
    return [...enabled.map((p) => `oidc/${p.name}`), `common-oidc/${JSON.stringify(common)}`];
  }

  return {
    /**
     * spec/rustdesk-client-api.md §4.2: an `oidc/<name>` entry per enabled provider, in order,
     * and one `common-oidc/[…]` entry with names and icons (clients that understand it use it as
     * the whole list).
     */
    forClients(): Promise<string[]> {
      const snapshot = providers.snapshot();
      if (last?.snapshot !== snapshot) last = { snapshot, options: compute(snapshot) };
      return last.options;
    },

    /** Whether the password form is offered, and the enabled providers in order with the names people recognise. */
    async forConsole(): Promise<{ password_login: boolean; providers: ConsoleProviderOption[] }> {
      const enabled = (await providers.snapshot()).ordered.filter((p) => p.enabled);
      return {
        password_login: await settings.get('password_login'),
        providers: enabled.map((p) => ({ name: p.name, type: p.type, display_name: p.display_name, icon: p.icon })),
      };
    },
  };
}

export type SignInOptionsService = ReturnType<typeof createSignInOptionsService>;
