import type { KnownOption } from '../../../../src/domain/strategy';
import { SelectField, TextField } from '../../components/Field';
import { t } from '../../i18n';

/** Select values: "Not set", or a value after a prefix, so that the value '' stays distinct from "Not set". */
const NOT_SET = 'unset';
const SET = 'set';
const encode = (value: string) => `=${value}`;
const decode = (selected: string) => selected.slice(1);

/** The values a toggle or choice offers, with the one it has if the catalogue does not offer it (set through the API). */
function choicesOf(option: KnownOption, value: string | undefined): { value: string; label: string }[] {
  const offered = option.kind === 'toggle' ? [{ value: 'Y', label: t.strategies.on }, { value: 'N', label: t.strategies.off }] : (option.choices ?? []);
  const extra = value !== undefined && !offered.some((choice) => choice.value === value) ? [{ value, label: t.strategies.otherValue(value) }] : [];
  return [...offered, ...extra];
}

/**
 * One option of the catalogue: a select whose first choice is "Not set" (left out of the
 * strategy); on/off and choices are values of the select, text is "Set" and a text field.
 */
export function KnownOptionField({ option, value, onChange }: { option: KnownOption; value: string | undefined; onChange(value: string | undefined): void }) {
  const name = `option-${option.key}`;
  if (option.kind === 'text') {
    return (
      <div className="inline-form">
        <SelectField
          label={option.label}
          name={name}
          value={value === undefined ? NOT_SET : SET}
          onChange={(e) => onChange(e.target.value === SET ? (value ?? '') : undefined)}
          options={[
            { value: NOT_SET, label: t.strategies.notSet },
            { value: SET, label: t.strategies.set },
          ]}
        />
        {value !== undefined && (
          <TextField
            label={t.strategies.valueOf(option.label)}
            name={`${name}-value`}
            maxLength={1000}
            value={value}
            hint={option.hint ?? t.strategies.emptyValueHint}
            onChange={(e) => onChange(e.target.value)}
          />
        )}
      </div>
    );
  }
  return (
    <SelectField
      label={option.label}
      name={name}
      hint={option.hint}
      value={value === undefined ? NOT_SET : encode(value)}
      onChange={(e) => onChange(e.target.value === NOT_SET ? undefined : decode(e.target.value))}
      options={[{ value: NOT_SET, label: t.strategies.notSet }, ...choicesOf(option, value).map((choice) => ({ value: encode(choice.value), label: choice.label }))]}
    />
  );
}
