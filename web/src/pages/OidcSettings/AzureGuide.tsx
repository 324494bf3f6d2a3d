import { CopyField } from '../../components/CopyField';
import { t } from '../../i18n';
import { callbackUrl } from './provider-presets';

/** The seed's Entra steps, next to the fields they fill. */
export function AzureGuide() {
  return (
    <details className="guide" open>
      <summary>{t.azureGuide.title}</summary>
      <ol>
        {t.azureGuide.steps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      <CopyField label={t.oidc.callbackUrl} value={callbackUrl()} />
      <p className="field-hint">{t.oidc.entraNote}</p>
      <p className="field-hint">{t.azureGuide.hybrid}</p>
    </details>
  );
}
