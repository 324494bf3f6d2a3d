import type { User } from '../../api/types';
import { t } from '../../i18n';
import { Link, useLocation } from '../../router';
import { routes, sections } from '../../routes';

/** The sections and pages this person may open; nothing else is even listed. */
export function Nav({ user, onNavigate }: { user: User; onNavigate(): void }) {
  const { pathname } = useLocation();
  return (
    <nav className="nav" aria-label={t.nav.label}>
      {sections.map((section) => {
        const items = routes.filter((route) => route.section === section.id && route.allowed(user));
        if (items.length === 0) return null;
        return (
          <div className="nav-section" key={section.id}>
            {section.label && <p className="nav-heading">{section.label}</p>}
            <ul>
              {items.map((route) => (
                <li key={route.path}>
                  <Link to={route.path} aria-current={pathname === route.path ? 'page' : undefined} onClick={onNavigate}>
                    {route.navLabel}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </nav>
  );
}
