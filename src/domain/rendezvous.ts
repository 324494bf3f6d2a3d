import { Type, type Static } from 'typebox';

/**
 * What a RustDesk client enters to use this server (Settings → Key, `GET /api/admin/rendezvous`):
 * the four fields of the client's ID/Relay server dialog.
 */
export const RendezvousClientSettings = Type.Object({
  public_key: Type.String({ description: 'The rendezvous public key, standard base64 (44 characters): the client\'s Key' }),
  id_server: Type.String({ description: 'The client\'s ID server: the public host, with :port unless it is 21116' }),
  relay_server: Type.String({ description: 'The client\'s Relay server (DESKGATE_RELAY_HOST, else the ID server\'s host on the next port)' }),
  api_server: Type.String({ description: 'The client\'s API server: the public URL of deskgate' }),
});
export type RendezvousClientSettings = Static<typeof RendezvousClientSettings>;
