/**
 * A provider's icon. The SVG (sanitised by the server) is only ever an image source, never
 * markup in the page, so nothing in it can run (CSP: img-src data:). No icon: its initial.
 */
export function ProviderIcon({ icon, label, size = 20 }: { icon: string; label: string; size?: number }) {
  if (icon) {
    return <img className="provider-icon" src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(icon)}`} alt="" width={size} height={size} />;
  }
  return (
    <span className="provider-icon provider-icon-letter" aria-hidden="true" data-size={size}>
      {label.trim().charAt(0).toUpperCase() || '?'}
    </span>
  );
}
