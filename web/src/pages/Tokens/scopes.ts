/** Token scopes as the server names them (README "API token scopes"). */
export const AREAS = ['users', 'groups', 'devices', 'strategies', 'audit', 'address_books', 'oidc', 'settings'] as const;
export type Area = (typeof AREAS)[number];
export type Access = 'none' | 'read' | 'write';

export function scopesOf(full: boolean, access: Record<Area, Access>): string[] {
  if (full) return ['admin'];
  return AREAS.flatMap((area) => (access[area] === 'none' ? [] : [`${area}:${access[area]}`]));
}
