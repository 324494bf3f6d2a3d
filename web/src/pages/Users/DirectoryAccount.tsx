import type { User } from '../../api/types';
import { Notice } from '../../components/Notice';
import { t } from '../../i18n';

/**
 * How a user signs in with a password, for the Users table: their directory's (an account
 * linked to LDAP), their own, or none (single sign-on only).
 */
export function PasswordKind({ user }: { user: User }) {
  if (user.ldap) return <span className="badge badge-accent">{t.users.directory}</span>;
  return user.has_password ? <>{t.common.yes}</> : <span className="muted">{t.users.sso}</span>;
}

/** In a user's dialog, instead of "Reset password": a directory account's password is the directory's (the server refuses a local one). */
export function DirectoryPasswordNote() {
  return (
    <Notice>
      <span className="badge badge-accent">{t.users.directory}</span> {t.users.directoryPassword}
    </Notice>
  );
}
