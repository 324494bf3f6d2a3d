import type { ReactNode } from 'react';
import { ThemeButton } from '../../components/Layout/ThemeButton';

/** The sign-in page's card, for the pages a link from an e-mail opens. */
export function MailLinkFrame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="sign-in">
      <div className="sign-in-theme">
        <ThemeButton />
      </div>
      <main className="sign-in-card" id="main">
        <img className="sign-in-logo" src="/favicon.svg" alt="" width="40" height="40" />
        <h1>{title}</h1>
        {children}
      </main>
    </div>
  );
}

/** The token rides in the link's fragment, which browsers never send to a server. */
export function tokenFromLink(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
}
