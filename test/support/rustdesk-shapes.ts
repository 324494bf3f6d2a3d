/**
 * Checks that mirror the RustDesk client's strict Rust serde structs (src/hbbs_http/account.rs,
 * spec/rustdesk-client-api.md §4.1, §12 item 3). Each returns the list of problems; [] = the
 * client would accept the value.
 */
type Problems = string[];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function optionalString(value: Record<string, unknown>, key: string, where: string, problems: Problems) {
  if (key in value && typeof value[key] !== 'string') problems.push(`${where}.${key} must be a string or absent (not ${JSON.stringify(value[key])})`);
}

export function userInfoProblems(info: unknown, where = 'user.info'): Problems {
  const problems: Problems = [];
  if (!isObject(info)) return [`${where} must be an object`];
  for (const key of ['email_verification', 'email_alarm_notification']) {
    if (key in info && typeof info[key] !== 'boolean') problems.push(`${where}.${key} must be a boolean`);
  }
  if ('login_device_whitelist' in info) {
    const list = info.login_device_whitelist;
    if (!Array.isArray(list)) problems.push(`${where}.login_device_whitelist must be an array`);
    else
      list.forEach((item, i) => {
        if (!isObject(item) || typeof item.data !== 'string' || !isObject(item.info) || !Number.isInteger(item.exp) || (item.exp as number) < 0) {
          problems.push(`${where}.login_device_whitelist[${i}] needs data, info and exp`);
        }
      });
  }
  if ('other' in info) {
    if (!isObject(info.other)) problems.push(`${where}.other must be an object`);
    else for (const [k, v] of Object.entries(info.other)) if (typeof v !== 'string') problems.push(`${where}.other.${k} must be a string`);
  }
  return problems;
}

export function userPayloadProblems(user: unknown, where = 'user'): Problems {
  if (!isObject(user)) return [`${where} must be an object`];
  const problems: Problems = [];
  if (typeof user.name !== 'string') problems.push(`${where}.name is required and must be a string`);
  for (const key of ['display_name', 'avatar', 'email', 'note', 'third_auth_type']) optionalString(user, key, where, problems);
  if ('status' in user && ![-1, 0, 1].includes(user.status as number)) problems.push(`${where}.status must be -1, 0 or 1`);
  if ('is_admin' in user && typeof user.is_admin !== 'boolean') problems.push(`${where}.is_admin must be a boolean`);
  if (!('info' in user)) problems.push(`${where}.info is required`);
  else problems.push(...userInfoProblems(user.info, `${where}.info`));
  return problems;
}

/** AuthBody (OIDC auth-query success) and the LoginResponse of /api/login. */
export function authBodyProblems(body: unknown): Problems {
  if (!isObject(body)) return ['body must be an object'];
  const problems: Problems = [];
  if ('error' in body) problems.push('a success body must not carry error');
  if (typeof body.access_token !== 'string') problems.push('access_token is required and must be a string');
  if (typeof body.type !== 'string') problems.push('type is required and must be a string');
  optionalString(body, 'tfa_type', 'body', problems);
  optionalString(body, 'secret', 'body', problems);
  if (!('user' in body)) problems.push('user is required');
  else problems.push(...userPayloadProblems(body.user));
  return problems;
}

/** What the client's error path needs: a JSON object whose `error` is a string. */
export function errorBodyProblems(body: unknown): Problems {
  if (!isObject(body)) return ['error body must be a JSON object'];
  return typeof body.error === 'string' && body.error.length > 0 ? [] : ['error must be a non-empty string'];
}

/**
 * Dart `PeerPayload.fromJson` (flutter/lib/common/hbbs/hbbs.dart, spec/rustdesk-client-api.md §9,
 * §12 item 13): `id` a string, `info` an object, `status` an int (a bool or string aborts the whole
 * list), and the owner, group and note strings.
 */
export function peerPayloadProblems(peer: unknown, where = 'peer'): Problems {
  if (!isObject(peer)) return [`${where} must be an object`];
  const problems: Problems = [];
  if (typeof peer.id !== 'string' || peer.id === '') problems.push(`${where}.id must be a non-empty string`);
  if (!isObject(peer.info)) problems.push(`${where}.info must be an object`);
  else for (const key of ['username', 'os', 'device_name']) optionalString(peer.info, key, `${where}.info`, problems);
  if (!Number.isInteger(peer.status)) problems.push(`${where}.status must be an integer (not ${JSON.stringify(peer.status)})`);
  for (const key of ['user', 'user_name', 'device_group_name', 'note']) {
    if (typeof peer[key] !== 'string') problems.push(`${where}.${key} must be a string (not ${JSON.stringify(peer[key])})`);
  }
  return problems;
}

/** §10: `{total, data}` with an integer `total` (without it the client drops `data`) and an array `data`. */
export function pageProblems(body: unknown, item: (value: unknown, where: string) => Problems): Problems {
  if (!isObject(body)) return ['body must be an object'];
  const problems: Problems = [];
  if (!Number.isInteger(body.total) || (body.total as number) < 0) problems.push(`total must be a non-negative integer (not ${JSON.stringify(body.total)})`);
  if (!Array.isArray(body.data)) problems.push('data must be an array');
  else body.data.forEach((value, i) => problems.push(...item(value, `data[${i}]`)));
  return problems;
}
