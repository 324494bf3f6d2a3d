import { PROTECTED_OPTIONS } from '../../../../src/domain/strategy';
import { Button } from '../../components/Button';
import { TextField } from '../../components/Field';
import { PlusIcon } from '../../components/Icons';
import { t } from '../../i18n';
import type { OtherOption } from './strategy-form';

/** Client options the catalogue does not offer by name: free rows of name and value. */
export function OtherOptions({ rows, onChange }: { rows: OtherOption[]; onChange(rows: OtherOption[]): void }) {
  const change = (index: number, row: OtherOption) => onChange(rows.map((old, i) => (i === index ? row : old)));
  return (
    <fieldset className="scopes">
      <legend>{t.strategies.others}</legend>
      <p className="field-hint">{t.strategies.othersHelp(Object.keys(PROTECTED_OPTIONS).join(', '))}</p>
      {rows.map((row, index) => (
        <div className="dialog-section" key={index}>
          <div className="form-grid">
            <TextField label={t.strategies.otherKey(index + 1)} name={`other-key-${index}`} maxLength={64} value={row.key} onChange={(e) => change(index, { ...row, key: e.target.value })} />
            <TextField label={t.strategies.otherValueLabel(index + 1)} name={`other-value-${index}`} maxLength={1000} value={row.value} onChange={(e) => change(index, { ...row, value: e.target.value })} />
          </div>
          <div className="form-actions">
            <Button small onClick={() => onChange(rows.filter((_, i) => i !== index))} aria-label={t.strategies.removeOther(index + 1)}>
              {t.strategies.remove}
            </Button>
          </div>
        </div>
      ))}
      <div>
        <Button small onClick={() => onChange([...rows, { key: '', value: '' }])}>
          <PlusIcon />
          <span>{t.strategies.addOther}</span>
        </Button>
      </div>
    </fieldset>
  );
}
