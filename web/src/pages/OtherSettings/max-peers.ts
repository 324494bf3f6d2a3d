import { t } from '../../i18n';

/** The most the server accepts (src/services/settings.ts `max_peer_one_ab`). */
export const MAX_PEER_ONE_AB = 1_000_000;

/** Why the typed number cannot be saved, or undefined when it can. */
export function maxPeersProblem(text: string): string | undefined {
  const value = text.trim();
  return /^\d{1,7}$/.test(value) && Number(value) <= MAX_PEER_ONE_AB ? undefined : t.others.maxPeersInvalid(MAX_PEER_ONE_AB);
}
