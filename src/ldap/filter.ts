import { USERNAME_PLACEHOLDER } from '../domain/ldap.js';

/**
 * A value made safe for an LDAP search filter (RFC 4515 §3): the characters that have a meaning
 * there, `*` `(` `)` `\` and NUL, become `\XX` escapes, so a typed name such as `*)(uid=*` is
 * matched as those characters and cannot widen or change the filter. Control characters are
 * escaped too (UTF-8 letters are valid as they are).
 */
export function escapeFilterValue(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (char === '*' || char === '(' || char === ')' || char === '\\' || code < 0x20 || code === 0x7f) {
      out += '\\' + code.toString(16).padStart(2, '0');
    } else {
      out += char;
    }
  }
  return out;
}

/** The user filter with every `{username}` replaced by the escaped name. */
export function userFilter(template: string, username: string): string {
  return template.split(USERNAME_PLACEHOLDER).join(escapeFilterValue(username));
}

/**
 * Why a filter template is not usable, or '' when it is: it must name `{username}` and be one
 * parenthesised filter with balanced parentheses (an escaped `\28` `\29` does not count).
 */
export function filterTemplateProblem(template: string): string {
  if (!template.includes(USERNAME_PLACEHOLDER)) return `The user filter must contain ${USERNAME_PLACEHOLDER}`;
  const trimmed = template.trim();
  if (!trimmed.startsWith('(') || !trimmed.endsWith(')')) return 'The user filter must be enclosed in parentheses, e.g. (uid={username})';
  let depth = 0;
  for (let i = 0; i < trimmed.length; i++) {
    const char = trimmed[i];
    if (char === '(') depth++;
    else if (char === ')') depth--;
    if (depth < 0) return 'The user filter has a ")" without its "("';
    if (depth === 0 && i < trimmed.length - 1) return 'The user filter must be one filter: combine several with (&…) or (|…)';
  }
  return depth === 0 ? '' : 'The user filter has a "(" without its ")"';
}
