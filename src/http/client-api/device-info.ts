/** The `{os, type, name}` a client reports (§2.3), kept as strings of bounded length; anything else dropped. */
export function deviceInfoOf(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const info: Record<string, string> = {};
  for (const key of ['os', 'type', 'name'] as const) {
    const field = (value as Record<string, unknown>)[key];
    if (typeof field === 'string') info[key] = field.slice(0, 256);
  }
  return info;
}
