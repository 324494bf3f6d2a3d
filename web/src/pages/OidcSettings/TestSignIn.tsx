import { useEffect, useState } from 'react';
import { api, type Operation, type Reply } from '../../api/client';
import type { Provider } from '../../api/types';
import { Button } from '../../components/Button';
import { AlertIcon, CheckIcon } from '../../components/Icons';
import { Notice } from '../../components/Notice';
import { useAction } from '../../hooks/use-action';
import { formatDateTime, t } from '../../i18n';

/** How often the card asks for the report while the sign-in is under way, and for how long. */
const POLL_MS = 1500;
const WAIT_MS = 10 * 60_000;

type TestSignInReport = NonNullable<Reply<Operation<'/api/admin/oidc/providers/{id}/test-sign-in', 'get'>>>;
type Verdict = TestSignInReport['verdicts'][number];

function VerdictItem({ verdict }: { verdict: Verdict }) {
  const names: Record<string, string> = t.testSignIn.ruleNames;
  return (
    <li className={verdict.ok ? 'check-ok' : 'check-failed'} data-rule={verdict.rule}>
      {verdict.ok ? <CheckIcon /> : <AlertIcon />}
      <span>
        <strong>{names[verdict.rule] ?? verdict.rule}</strong> <span className="check-message">{verdict.message}</span>
        {verdict.fix && (
          <dl className="check-details">
            <dt>{t.provider.checkFix}</dt>
            <dd>{verdict.fix}</dd>
          </dl>
        )}
      </span>
    </li>
  );
}

/** A test sign-in's report: who signed in, and each rule's verdict on them, by name, with what to change. */
export function TestSignInResult({ report }: { report: TestSignInReport }) {
  const refused = report.error !== null || report.verdicts.some((v) => !v.ok);
  const who = report.identity;
  return (
    <Notice kind={refused ? 'error' : 'success'} title={report.error ? t.testSignIn.failed : refused ? t.testSignIn.refused : t.testSignIn.admitted}>
      {report.error && <p>{report.error.message}</p>}
      {who && <p className="muted">{t.testSignIn.who(who.name || who.subject, who.email, who.tenant)}</p>}
      {report.verdicts.length > 0 && (
        <ul className="checks">
          {report.verdicts.map((verdict) => (
            <VerdictItem key={verdict.rule} verdict={verdict} />
          ))}
        </ul>
      )}
      <p className="muted">
        {t.testSignIn.nothingCreated} {t.testSignIn.at(formatDateTime(report.finished_at))}
      </p>
    </Notice>
  );
}

/**
 * "Test sign-in" on a provider's card: the provider opens in a new tab (turned on or not), the
 * administrator signs in there as the person to test, and the card shows the report once the
 * provider has answered. Nothing is signed in or created.
 */
export function TestSignIn({ provider }: { provider: Provider }) {
  const [report, setReport] = useState<TestSignInReport>();
  /** The started_at of the test under way, whose report the card waits for. */
  const [waiting, setWaiting] = useState<number>();
  const [gaveUp, setGaveUp] = useState(false);

  const start = useAction(async () => {
    setReport(undefined);
    setGaveUp(false);
    // Opened on the click itself, so that no popup blocker stops it; it goes on once the URL is known.
    const tab = window.open('', '_blank');
    try {
      const started = await api.post('/api/admin/oidc/providers/{id}/test-sign-in', { path: { id: provider.id } });
      if (tab) {
        tab.opener = null;
        tab.location.href = started.url;
      } else {
        window.open(started.url, '_blank', 'noopener');
      }
      setWaiting(started.started_at);
    } catch (error) {
      tab?.close();
      throw error;
    }
  });

  // The latest report, if one is kept (an hour): what the last test found, until a new one runs.
  useEffect(() => {
    let current = true;
    api
      .get('/api/admin/oidc/providers/{id}/test-sign-in', { path: { id: provider.id } })
      .then((latest) => {
        if (current && latest) setReport((shown) => shown ?? latest);
      })
      .catch(() => {
        // No report to show: the button still works.
      });
    return () => {
      current = false;
    };
  }, [provider.id]);

  useEffect(() => {
    if (waiting === undefined) return undefined;
    let stopped = false;
    const until = Date.now() + WAIT_MS;
    const timer = window.setInterval(() => {
      if (Date.now() > until) {
        window.clearInterval(timer);
        setWaiting(undefined);
        setGaveUp(true);
        return;
      }
      void api
        .get('/api/admin/oidc/providers/{id}/test-sign-in', { path: { id: provider.id } })
        .then((latest) => {
          if (stopped || !latest || latest.started_at !== waiting) return;
          setReport(latest);
          setWaiting(undefined);
        })
        .catch(() => {
          // Asked again at the next tick.
        });
    }, POLL_MS);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [waiting, provider.id]);

  return (
    <div className="stack test-sign-in">
      <div className="form-actions">
        <Button onClick={() => void start.run()} disabled={start.busy}>
          {t.testSignIn.button}
        </Button>
        {waiting !== undefined && (
          <>
            <span className="muted" role="status">
              {t.testSignIn.waiting}
            </span>
            <Button small variant="ghost" onClick={() => setWaiting(undefined)}>
              {t.common.cancel}
            </Button>
          </>
        )}
      </div>
      {start.error && <Notice kind="error">{start.error}</Notice>}
      {gaveUp && <Notice kind="warning">{t.testSignIn.gaveUp}</Notice>}
      {report && <TestSignInResult report={report} />}
    </div>
  );
}
