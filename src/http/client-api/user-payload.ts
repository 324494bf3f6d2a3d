import type { User } from '../../domain/user.js';
import type { UserPayload } from './schemas.js';

/** A user as RustDesk clients parse it (§4.1): every string a string, `info` always present. */
export function toUserPayload(user: User, thirdAuthType?: string): UserPayload {
  return {
    name: user.name,
    display_name: user.display_name,
    avatar: '',
    email: user.email,
    note: user.note,
    status: user.status,
    is_admin: user.is_admin,
    info: {
      email_verification: false,
      email_alarm_notification: false,
      login_device_whitelist: [],
      other: {},
    },
    ...(thirdAuthType ? { third_auth_type: thirdAuthType } : {}),
  };
}

/** The user of a sign-in waiting for its code: the name the client echoes in the code step (§4.3), nothing more. */
export function pendingUserPayload(user: User): UserPayload {
  return { ...toUserPayload(user), display_name: '', email: '', note: '', is_admin: false };
}
