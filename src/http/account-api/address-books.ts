import { addressBookRoutesFor } from '../admin-api/address-books.js';
import { requireSession, sessionOf } from '../plugins/auth.js';

/**
 * `/api/account/address-books`: the console's Address books page, for everyone signed in. The
 * admin API's routes, with the signed-in person as the viewer: the shared books they own or
 * have a rule on, as far as that rule goes (an administrator: every shared book, full
 * control). RustDesk Pro lets people share their books with others the same way
 * (spec/rustdesk-pro-console.md §2 "Address Books"). API tokens belong to no person: they use
 * /api/admin/address-books.
 */
export const accountAddressBookRoutes = addressBookRoutesFor({
  base: '/api/account',
  tags: ['Account'],
  security: [{ session: [], csrf: [] }],
  read: requireSession,
  write: requireSession,
  viewerOf(request) {
    const { user } = sessionOf(request).session;
    return { user_id: user.id, is_admin: user.is_admin, console: true };
  },
});
