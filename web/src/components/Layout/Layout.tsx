import { useState, type ReactNode } from 'react';
import { t } from '../../i18n';
import { Link } from '../../router';
import { useSession, useUser } from '../../session/session';
import { CloseIcon, MenuIcon } from '../Icons';
import { Nav } from './Nav';
import { ThemeButton } from './ThemeButton';

/** The frame of every page once signed in: top bar, navigation (a drawer on phones), content. */
export function Layout({ children }: { children: ReactNode }) {
  const user = useUser();
  const { signOut } = useSession();
  const [menuOpen, setMenuOpen] = useState(false);
  return (
    <div className="shell" data-menu-open={menuOpen ? '' : undefined}>
      <a className="skip-link" href="#main">
        {t.app.skipToContent}
      </a>
      <header className="topbar">
        <button
          type="button"
          className="icon-button menu-button"
          aria-expanded={menuOpen}
          aria-controls="sidebar"
          aria-label={menuOpen ? t.app.closeMenu : t.app.openMenu}
          onClick={() => setMenuOpen((open) => !open)}
        >
          {menuOpen ? <CloseIcon /> : <MenuIcon />}
        </button>
        <Link to="/" className="brand">
          <img src="/favicon.svg" alt="" width="24" height="24" />
          {t.app.name}
        </Link>
        <div className="topbar-end">
          <ThemeButton />
          <span className="topbar-user" title={t.app.signedInAs(user.name)}>
            {user.display_name || user.name}
          </span>
          <button type="button" className="button button-ghost button-small" onClick={() => void signOut()}>
            {t.app.signOut}
          </button>
        </div>
      </header>
      <aside id="sidebar" className="sidebar">
        <Nav user={user} onNavigate={() => setMenuOpen(false)} />
      </aside>
      <main id="main" className="content" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
