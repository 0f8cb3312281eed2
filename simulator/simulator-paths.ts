/** Fortnox's authorization endpoint path (fortnox.md section 1). */
export const AUTHORIZE_PATH = '/oauth-v1/auth';
/** Fortnox's token endpoint path (fortnox.md section 3). */
export const TOKEN_PATH = '/oauth-v1/token';
/** Fortnox's revocation endpoint path (fortnox.md section 4). */
export const REVOKE_PATH = '/oauth-v1/revoke';
/** Prefix of the resource API (fortnox.md section 8: `https://api.fortnox.se/3/`). */
export const API_BASE_PATH = '/3/';
/** Prefix of Fortnox's newer services (fortnox.md section 8: `https://api.fortnox.se/api/warehouse/...`). */
export const API_SERVICES_PATH = '/api/';
/** The fake redirect host: a correct app never lets the browser load it. */
export const APP_CALLBACK_PATH = '/app-callback';
/** Where the login form posts (simulator-internal; Fortnox's own login URLs are not documented). */
export const LOGIN_PATH = '/oauth-v1/login';
/** Where the company picker posts (simulator-internal). */
export const COMPANY_PATH = '/oauth-v1/company';
/** Where the consent page posts (simulator-internal). */
export const CONSENT_PATH = '/oauth-v1/consent';
