import type { Diagnostics as Result } from '../../api/types';
import { AlertIcon, CheckIcon } from '../../components/Icons';
import { Notice } from '../../components/Notice';
import { t } from '../../i18n';

type Check = Result['checks'][number];

/** A failed check: the URL tried, what came back and what to do, each on its own line. */
function Details({ check }: { check: Check }) {
  // A finding with advice: a passing check (Entra's groups overage), or a failed one that is no
  // answer from elsewhere (a multi-tenant Entra authority without allowed tenants): what it found, then what to do.
  if ((check.ok || !check.got) && check.fix) {
    return (
      <>
        <span className="check-message">{check.message}</span>
        <dl className="check-details">
          <dt>{t.provider.checkFix}</dt>
          <dd>{check.fix}</dd>
        </dl>
      </>
    );
  }
  if (check.ok || !check.got) return <span className="check-message">{check.message}</span>;
  return (
    <dl className="check-details">
      {check.url && (
        <>
          <dt>{t.provider.checkUrl}</dt>
          <dd>
            <code>{check.url}</code>
          </dd>
        </>
      )}
      <dt>{t.provider.checkGot}</dt>
      <dd>{check.got}</dd>
      {check.fix && (
        <>
          <dt>{t.provider.checkFix}</dt>
          <dd>{check.fix}</dd>
        </>
      )}
    </dl>
  );
}

/** The provider test, check by check, in the server's plain words, and which values were tested. */
export function Diagnostics({ result }: { result: Result }) {
  const names: Record<string, string> = t.provider.checkNames;
  return (
    <Notice kind={result.ok ? 'success' : 'error'} title={result.ok ? t.provider.testOk : t.provider.testFailed}>
      <p className="muted" data-tested={result.tested}>
        {result.tested === 'unsaved' ? t.provider.testedUnsaved(result.issuer) : t.provider.testedSaved(result.issuer)}
      </p>
      <ul className="checks">
        {result.checks.map((check, i) => (
          <li key={`${check.name}-${i}`} className={check.ok ? 'check-ok' : 'check-failed'} data-check={check.name}>
            {check.ok ? <CheckIcon /> : <AlertIcon />}
            <span>
              <strong>{names[check.name] ?? check.name}</strong> <Details check={check} />
            </span>
          </li>
        ))}
      </ul>
      {result.redirect_uri && (
        <p>
          {t.provider.redirectUriToRegister} <code>{result.redirect_uri}</code>
        </p>
      )}
    </Notice>
  );
}
