import { useState } from 'react';
import { api } from '../../api/client';
import type { ConsoleSessionInfo } from '../../api/types';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { LoadError, Loading } from '../../components/StateViews';
import { useResource } from '../../hooks/use-resource';
import { formatDateTime, t } from '../../i18n';
import { useSession } from '../../session/session';

/** A readable browser name from a user agent; the full string stays in the title. */
function browserOf(userAgent: string): string {
  const match = /(Edg|Firefox|Chrome|Chromium|Safari)\/[\d.]+/.exec(userAgent);
  const os = /(Windows|Mac OS X|Android|iPhone|Linux)/.exec(userAgent)?.[1];
  const name = match?.[1] === 'Edg' ? 'Edge' : match?.[1];
  return [name, os].filter(Boolean).join(' · ') || userAgent || t.common.unknown;
}

export function SessionsList() {
  const { signOut } = useSession();
  const sessions = useResource(() => api.get('/api/account/sessions'), 'sessions');
  const [ending, setEnding] = useState<ConsoleSessionInfo>();

  return (
    <section className="card stack">
      <h2>{t.account.sessions}</h2>
      <p className="muted">{t.account.sessionsIntro}</p>
      {sessions.error !== undefined && <LoadError error={sessions.error} retry={sessions.reload} />}
      {!sessions.data && sessions.loading && <Loading />}
      <ul className="plain-list">
        {sessions.data?.data.map((session) => (
          <li key={session.id} className="list-row">
            <div>
              <strong title={session.user_agent}>{browserOf(session.user_agent)}</strong>
              {session.current && <span className="badge badge-accent">{t.account.thisSession}</span>}
              {session.remember && <span className="badge">{t.account.remembered}</span>}
              <div className="muted small">
                {session.ip} · {t.account.signedInAt} {formatDateTime(session.created_at)} · {t.account.lastSeen} {formatDateTime(session.last_seen_at)}
              </div>
            </div>
            <Button small onClick={() => setEnding(session)}>
              {t.account.signOutSession}
            </Button>
          </li>
        ))}
      </ul>
      {ending && (
        <ConfirmDialog
          title={t.account.signOutSession}
          body={ending.current ? t.account.signOutCurrentConfirm : `${browserOf(ending.user_agent)} · ${ending.ip}`}
          confirmLabel={t.account.signOutSession}
          onClose={() => setEnding(undefined)}
          onConfirm={async () => {
            if (ending.current) return signOut();
            await api.delete('/api/account/sessions/{id}', { path: { id: ending.id } });
            sessions.reload();
            return undefined;
          }}
        />
      )}
    </section>
  );
}
