/**
 * Authentication as the Sheets API checks it — any bearer token, or an API key for reads only
 * (Google refuses API keys for writes) — and an OAuth token endpoint (`POST /token`) that
 * answers service-account JWT grants, so google-auth-library's JWT client can be pointed here.
 */
import type { IncomingMessage } from 'node:http';
import { randomBytes } from 'node:crypto';
import { GoogleApiError } from './google-errors';

/** How a request authenticated. */
export type Credential = { kind: 'bearer' } | { kind: 'api-key' };

const WRITE_SCOPES = ['https://www.googleapis.com/auth/spreadsheets', 'https://www.googleapis.com/auth/drive', 'https://www.googleapis.com/auth/drive.file'];
const READ_SCOPES = [...WRITE_SCOPES, 'https://www.googleapis.com/auth/spreadsheets.readonly', 'https://www.googleapis.com/auth/drive.readonly'];

/**
 * Checks credentials; throws Google's 401 when there are none (or an API key tries to write).
 * Any bearer token is accepted, but when its scopes are known — a token issued by `/token`, or a
 * self-signed JWT carrying `scope` — they must allow the call, else 403 as at Google.
 */
export function authenticate(req: IncomingMessage, url: URL, isWrite: boolean, issuedScopes: ReadonlyMap<string, string>): Credential {
  const authorization = String(req.headers.authorization ?? '');
  const bearer = /^Bearer\s+(\S+)/i.exec(authorization);
  if (bearer) {
    const scope = issuedScopes.get(bearer[1]) ?? selfSignedScope(bearer[1]);
    if (scope !== undefined) {
      const allowed = isWrite ? WRITE_SCOPES : READ_SCOPES;
      if (!scope.split(/\s+/).some((s) => allowed.includes(s))) {
        throw new GoogleApiError(403, 'Request had insufficient authentication scopes.', [
          { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT', domain: 'googleapis.com', metadata: { service: 'sheets.googleapis.com' } },
        ]);
      }
    }
    return { kind: 'bearer' };
  }
  const key = url.searchParams.get('key') ?? req.headers['x-goog-api-key'];
  if (typeof key === 'string' && key !== '') {
    if (isWrite) {
      throw new GoogleApiError(
        401,
        'API keys are not supported by this API. Expected OAuth2 access token or other authentication credentials that assert a principal. See https://cloud.google.com/docs/authentication',
      );
    }
    return { kind: 'api-key' };
  }
  throw new GoogleApiError(
    401,
    'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
  );
}

/** The `scope` claim of a self-signed service-account JWT used as a bearer token, if it is one. */
function selfSignedScope(token: string): string | undefined {
  const claims = token.split('.').length === 3 ? decodeJwtClaims(token) : undefined;
  return typeof claims?.scope === 'string' ? claims.scope : undefined;
}

/** A token the endpoint issued, for tests to check who asked for what. */
export interface TokenGrant {
  grantType: string;
  /** Service account email (JWT `iss`). */
  issuer?: string;
  scope?: string;
  audience?: string;
  subject?: string;
  issuedAt: string;
}

/** The OAuth answer: a body and its status (Google's OAuth errors are not Google API errors). */
export interface TokenAnswer {
  status: number;
  body: Record<string, unknown>;
  grant?: TokenGrant;
  /** The access token issued and the scopes it carries (undefined: unrestricted). */
  issued?: { accessToken: string; scope?: string };
}

/** Answers an OAuth 2.0 token request (JWT bearer grant for service accounts, or refresh_token). */
export function answerTokenRequest(params: URLSearchParams): TokenAnswer {
  const grantType = params.get('grant_type') ?? '';
  const token = { access_token: `ya29.emulator-${randomBytes(24).toString('base64url')}`, expires_in: 3599, token_type: 'Bearer' };
  if (grantType === 'refresh_token') {
    if (!params.get('refresh_token')) return invalid('invalid_request', 'Missing required parameter: refresh_token');
    return { status: 200, body: token, grant: { grantType, issuedAt: new Date().toISOString() }, issued: { accessToken: token.access_token } };
  }
  if (grantType !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
    return invalid('unsupported_grant_type', `Invalid grant_type: ${grantType}`);
  }
  const claims = decodeJwtClaims(params.get('assertion') ?? '');
  if (!claims) return invalid('invalid_grant', 'Invalid JWT Signature.');
  const now = Math.floor(Date.now() / 1000);
  const iat = Number(claims.iat);
  const exp = Number(claims.exp);
  if (!Number.isFinite(iat) || !Number.isFinite(exp) || exp <= now || exp - iat > 3600 || iat > now + 300) {
    return invalid(
      'invalid_grant',
      'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.',
    );
  }
  if (typeof claims.iss !== 'string' || claims.iss === '') return invalid('invalid_grant', 'Invalid JWT: iss is missing.');
  if (typeof claims.scope !== 'string' && typeof claims.target_audience !== 'string') {
    return invalid('invalid_scope', 'Invalid OAuth scope or ID token audience provided.');
  }
  const grant: TokenGrant = {
    grantType,
    issuer: claims.iss,
    ...(typeof claims.scope === 'string' ? { scope: claims.scope } : {}),
    ...(typeof claims.aud === 'string' ? { audience: claims.aud } : {}),
    ...(typeof claims.sub === 'string' ? { subject: claims.sub } : {}),
    issuedAt: new Date().toISOString(),
  };
  // An ID-token request (target_audience) gets an unsigned ID token alongside.
  const idToken = typeof claims.target_audience === 'string' ? { id_token: unsignedJwt({ iss: 'https://accounts.google.com', aud: claims.target_audience, sub: claims.iss, iat: now, exp: now + 3600 }) } : {};
  return {
    status: 200,
    body: { ...token, ...idToken },
    grant,
    issued: { accessToken: token.access_token, ...(typeof claims.scope === 'string' ? { scope: claims.scope } : {}) },
  };
}

function invalid(error: string, description: string): TokenAnswer {
  return { status: 400, body: { error, error_description: description } };
}

/** The claims of a compact JWS; the signature is not verified (no public key is known here). */
function decodeJwtClaims(assertion: string): Record<string, unknown> | undefined {
  const parts = assertion.split('.');
  if (parts.length !== 3 || parts.some((p) => p === '')) return undefined;
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as { alg?: string };
    if (header.alg !== 'RS256') return undefined;
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as unknown;
    return claims !== null && typeof claims === 'object' ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function unsignedJwt(claims: Record<string, unknown>): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ alg: 'none', typ: 'JWT' })}.${enc(claims)}.`;
}
