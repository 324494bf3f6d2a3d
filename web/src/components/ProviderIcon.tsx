import { providerLogo } from './provider-logos';

/**
 * A provider's icon. The SVG (sanitised by the server) is only ever an image source, never
 * markup in the page, so nothing in it can run (CSP: img-src data:). No icon: the usual mark of
 * its type (provider-logos.tsx, drawn in the console), else its initial.
 */
export function ProviderIcon({ icon, label, type, size = 20 }: { icon: string; label: string; type?: string | undefined; size?: number }) {
  if (icon) {
    return <img className="provider-icon" src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(icon)}`} alt="" width={size} height={size} />;
  }
  const logo = providerLogo(type);
  if (logo) {
    return (
      <span className="provider-icon provider-logo" aria-hidden="true" data-size={size} data-logo={type}>
        {logo}
      </span>
    );
  }
  return (
    <span className="provider-icon provider-icon-letter" aria-hidden="true" data-size={size}>
      {label.trim().charAt(0).toUpperCase() || '?'}
    </span>
  );
}
