/**
 * Tag colours as RustDesk clients keep them: ARGB32 integers (spec/rustdesk-client-api.md §8.2),
 * shown and picked as #rrggbb (always opaque).
 */
export const toHex = (argb: number): string => `#${(argb & 0xffffff).toString(16).padStart(6, '0')}`;

export const fromHex = (hex: string): number => (0xff000000 | Number.parseInt(hex.slice(1, 7), 16)) >>> 0;

/** A small dot in the tag's colour: an SVG fill, which the console's style-src policy allows. */
export function TagSwatch({ color }: { color: number }) {
  return (
    <svg width="10" height="10" viewBox="0 0 10 10" aria-hidden="true">
      <circle cx="5" cy="5" r="5" fill={toHex(color)} />
    </svg>
  );
}

/** A peer's tags, each with its book's colour (grey for a tag the book no longer has). */
export function TagChips({ names, colors }: { names: string[]; colors: Map<string, number> }) {
  if (names.length === 0) return <span className="muted">—</span>;
  return (
    <span className="chips">
      {names.map((name) => (
        <span key={name} className="badge">
          <TagSwatch color={colors.get(name) ?? 0xff9e9e9e} /> {name}
        </span>
      ))}
    </span>
  );
}
