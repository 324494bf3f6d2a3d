/** The address-book shapes the console shows, from the generated OpenAPI types. */
import type { Operation, Reply } from '../../api/client';

export type AddressBook = Reply<Operation<'/api/account/address-books/{id}', 'get'>>;
export type AbPeer = Reply<Operation<'/api/account/address-books/{id}/peers', 'get'>>['data'][number];
export type AbTag = Reply<Operation<'/api/account/address-books/{id}/tags', 'get'>>[number];
export type AbRule = Reply<Operation<'/api/account/address-books/{id}/rules', 'get'>>[number];

/** 1 read-only, 2 read/write, 3 full control (the server's AbRule). */
export const RULES = [1, 2, 3] as const;
export type Rule = (typeof RULES)[number];

export const canWrite = (book: AddressBook) => book.rule >= 2;
export const hasFullControl = (book: AddressBook) => book.rule >= 3 && book.kind === 'shared';

/** A peer's name: its alias, else its hostname, else its id. */
export const peerName = (peer: AbPeer) => peer.alias || peer.hostname || peer.id;

/** Where a book opens: the Address books page with the book's guid. */
export const bookPath = (guid: string) => `/address-books?book=${encodeURIComponent(guid)}`;
