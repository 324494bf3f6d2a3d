import { KNOWN_OPTIONS, type KnownOption } from '../../../../src/domain/strategy';
import { t } from '../../i18n';
import type { Strategy } from './types';

/** A free option row: a client option the catalogue does not offer by name. */
export interface OtherOption {
  key: string;
  value: string;
}

/**
 * A strategy as its dialog edits it. `known` holds only the catalogue's options that are set:
 * a key that is absent is "Not set" (left out of `options`), while '' is a value (the client's
 * default), so the two never mix.
 */
export interface StrategyForm {
  name: string;
  note: string;
  enabled: boolean;
  is_default: boolean;
  known: Record<string, string>;
  others: OtherOption[];
}

const KNOWN_KEYS = new Map(KNOWN_OPTIONS.map((option) => [option.key, option]));

export const knownOption = (key: string): KnownOption | undefined => KNOWN_KEYS.get(key);

/** The catalogue's options by section, in its order. */
export function optionsBySection(): { section: KnownOption['section']; options: KnownOption[] }[] {
  const sections: { section: KnownOption['section']; options: KnownOption[] }[] = [];
  for (const option of KNOWN_OPTIONS) {
    let entry = sections.find((s) => s.section === option.section);
    if (!entry) sections.push((entry = { section: option.section, options: [] }));
    entry.options.push(option);
  }
  return sections;
}

/** The form for a strategy, or for a new one (enabled, not the default, nothing set). */
export function formFrom(strategy?: Strategy): StrategyForm {
  const known: Record<string, string> = {};
  const others: OtherOption[] = [];
  for (const [key, value] of Object.entries(strategy?.options ?? {})) {
    if (KNOWN_KEYS.has(key)) known[key] = value;
    else others.push({ key, value });
  }
  return {
    name: strategy?.name ?? '',
    note: strategy?.note ?? '',
    enabled: strategy?.enabled ?? true,
    is_default: strategy?.is_default ?? false,
    known,
    others,
  };
}

/** `known` with `key` set to `value`, or with `key` not set when `value` is undefined. */
export function withKnown(known: Record<string, string>, key: string, value: string | undefined): Record<string, string> {
  const next = { ...known };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

/**
 * Every option the form sets, as one object for the API; or what is wrong with the other
 * options (a value without a name, an option offered above, one listed twice). Rows left empty
 * are dropped. The server checks names and values again, and refuses the options that say which
 * server a device uses.
 */
export function optionsOf(form: StrategyForm): { options: Record<string, string> } | { problem: string } {
  const options: Record<string, string> = { ...form.known };
  const seen = new Set<string>();
  for (const [index, row] of form.others.entries()) {
    const key = row.key.trim();
    if (!key) {
      if (row.value) return { problem: t.strategies.otherKeyMissing(index + 1) };
      continue;
    }
    const offered = KNOWN_KEYS.get(key);
    if (offered) return { problem: t.strategies.otherIsKnown(key, offered.label) };
    if (seen.has(key)) return { problem: t.strategies.otherTwice(key) };
    seen.add(key);
    options[key] = row.value;
  }
  return { options };
}
