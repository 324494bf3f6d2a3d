import { PageHeader } from '../../components/PageHeader';
import { t } from '../../i18n';
import { DevicesList } from './DevicesList';
import { PasswordForm } from './PasswordForm';
import { ProfileForm } from './ProfileForm';
import { SessionsList } from './SessionsList';
import { SignInMethods } from './SignInMethods';
import { TwoFactorCard } from './TwoFactorCard';

/** My account, for everyone: profile, password, connected providers, console sessions and signed-in RustDesk clients. */
export function AccountPage() {
  return (
    <>
      <PageHeader title={t.account.title} />
      <div className="two-columns">
        <ProfileForm />
        <PasswordForm />
      </div>
      <TwoFactorCard />
      <SignInMethods />
      <SessionsList />
      <DevicesList />
    </>
  );
}
