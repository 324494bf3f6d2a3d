import { useEffect } from 'react';
import { Layout } from './components/Layout/Layout';
import { Loading } from './components/StateViews';
import { InvitationPage } from './pages/MailLinks/InvitationPage';
import { ResetPasswordPage } from './pages/MailLinks/ResetPasswordPage';
import { NotAllowedPage, NotFoundPage } from './pages/NotFound/NotFoundPage';
import { SignInPage } from './pages/SignIn/SignInPage';
import { navigate, useLocation } from './router';
import { homeFor, routes, safeNext } from './routes';
import { useSession } from './session/session';

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return <Loading />;
}

export function App() {
  const { user } = useSession();
  const { pathname, search, href } = useLocation();

  if (user === undefined) return <Loading />;
  // Opened from an e-mail, signed in or not.
  if (pathname === '/invitation') return <InvitationPage />;
  if (pathname === '/reset-password') return <ResetPasswordPage />;
  if (user === null) {
    if (pathname !== '/sign-in') return <Redirect to={`/sign-in${pathname === '/' ? '' : `?next=${encodeURIComponent(href)}`}`} />;
    return <SignInPage next={safeNext(search.get('next')) ?? '/'} />;
  }
  if (pathname === '/sign-in' || pathname === '/') return <Redirect to={safeNext(search.get('next')) ?? homeFor(user)} />;

  const route = routes.find((candidate) => candidate.path === pathname);
  const Page = !route ? NotFoundPage : route.allowed(user) ? route.Page : NotAllowedPage;
  return (
    <Layout>
      <Page />
    </Layout>
  );
}
