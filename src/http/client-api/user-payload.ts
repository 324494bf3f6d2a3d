import type { UserRow } from '../../store/schema.js';
import type { UserPayload } from './schemas.js';

/** A user as RustDesk clients parse it (§4.1): every string a string, `info` always present. */
export function toUserPayload(user: UserRow, thirdAuthType?: string): UserPayload {
  const status = user.status === 0 || user.status === -1 ? user.status : 1;
  return {
    name: user.name,
    display_name: user.display_name,
    avatar: '',
    email: user.email,
    note: user.note,
    status,
    is_admin: user.is_admin === 1,
    info: {
      email_verification: false,
      email_alarm_notification: false,
      login_device_whitelist: [],
      other: {},
    },
    ...(thirdAuthType ? { third_auth_type: thirdAuthType } : {}),
  };
}
