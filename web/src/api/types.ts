/** Names for the shapes the console shows, taken from the generated OpenAPI types. */
import type { Operation, Reply } from './client';
import type { paths } from './schema';

type Json<P extends keyof paths, M extends 'get' | 'post' | 'put' | 'patch' | 'delete'> = Reply<Operation<P, M>>;
type Body<P extends keyof paths, M extends 'post' | 'put' | 'patch'> =
  NonNullable<Operation<P, M>['requestBody']> extends { content: { 'application/json': infer B } } ? B : never;

export type Session = Json<'/api/session', 'get'>;
export type User = Json<'/api/account', 'get'>;
export type SignInOptions = Json<'/api/session/options', 'get'>;
export type ConsoleSessionInfo = Json<'/api/account/sessions', 'get'>['data'][number];
export type DeviceSignIn = Json<'/api/account/devices', 'get'>['data'][number];

export type UserPage = Json<'/api/admin/users', 'get'>;
export type UserInput = Body<'/api/admin/users', 'post'>;
export type UserPatch = Body<'/api/admin/users/{id}', 'patch'>;
export type Identity = Json<'/api/admin/users/{id}/identities', 'get'>[number];

export type Group = Json<'/api/admin/groups', 'get'>['data'][number];
export type GroupDetail = Json<'/api/admin/groups/{id}', 'get'>;

export type ApiToken = Json<'/api/admin/tokens', 'get'>['data'][number];

export type AuditRecord = Json<'/api/admin/audit/console', 'get'>['data'][number];
export type SignInFailure = Json<'/api/admin/audit/sign-in-failures', 'get'>['data'][number];
export type DeviceAuditRecord = Json<'/api/admin/audit/connections', 'get'>['data'][number];
export type Alarm = Json<'/api/admin/audit/alarms', 'get'>['data'][number];

export type OidcSettings = Json<'/api/admin/oidc/settings', 'get'>;
export type Provider = Json<'/api/admin/oidc/providers/{id}', 'get'>;
export type ProviderInput = Body<'/api/admin/oidc/providers', 'post'>;
export type ProviderType = Provider['type'];
export type Diagnostics = Json<'/api/admin/oidc/providers/{id}/test', 'post'>;
export type SignInImpact = Json<'/api/admin/oidc/sign-in-ways/preview', 'post'>;
export type SignInChange = Body<'/api/admin/oidc/sign-in-ways/preview', 'post'>['change'];

export type LdapSettings = Json<'/api/admin/ldap', 'get'>;
export type LdapSettingsInput = Body<'/api/admin/ldap', 'put'>;
export type LdapTestReport = Json<'/api/admin/ldap/test', 'post'>;
export type SmtpSettings = Json<'/api/admin/smtp', 'get'>;
export type RendezvousClientSettings = Json<'/api/admin/rendezvous', 'get'>;
export type SmtpInput = Body<'/api/admin/smtp', 'put'>;
export type Invitation = Json<'/api/admin/invitations', 'get'>[number];
