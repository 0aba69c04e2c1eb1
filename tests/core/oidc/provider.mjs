// A real OpenID provider for the single sign-on tests: node-oidc-provider (certified), one
// confidential client, test accounts read from a JSON file on every login so a test can change
// someone's roles between two logins. Started by tests/core/test_sso.py on a loopback port.
//
// Environment: PORT, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, POST_LOGOUT_REDIRECT_URI, ACCOUNTS_FILE
// (JSON: {"<username>": {"password": "...", "amr": ["pwd", "mfa"], "claims": {...}}}).

import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import querystring from 'node:querystring';

import Provider from 'oidc-provider';

const env = process.env;
const issuer = `http://127.0.0.1:${env.PORT}`;
const accounts = () => JSON.parse(fs.readFileSync(env.ACCOUNTS_FILE, 'utf8'));
const signingKey = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

const provider = new Provider(issuer, {
  clients: [{
    client_id: env.CLIENT_ID,
    client_secret: env.CLIENT_SECRET,
    redirect_uris: [env.REDIRECT_URI],
    post_logout_redirect_uris: [env.POST_LOGOUT_REDIRECT_URI],
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }],
  jwks: { keys: [{ ...signingKey, kid: 'test-key', alg: 'RS256', use: 'sig' }] },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  pkce: { required: () => true },
  // The claims go into the ID token, as Entra ID puts `roles` and `amr` there, not only to userinfo.
  conformIdTokenClaims: false,
  claims: {
    openid: ['sub', 'amr', 'roles', 'team'],
    profile: ['name', 'given_name', 'family_name', 'preferred_username'],
    email: ['email'],
  },
  findAccount: async (ctx, id) => {
    const account = accounts()[id];
    return account && { accountId: id, claims: async () => ({ sub: id, ...account.claims }) };
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
});

const page = (body) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test provider</title></head><body>${body}</body></html>`;
const loginForm = (uid, error = '') => page(`<h1>Sign in</h1>${error && `<p role="alert">${error}</p>`}
<form method="post" action="/interaction/${uid}">
<label>Username <input name="username" autocomplete="off"></label>
<label>Password <input name="password" type="password"></label>
<button type="submit">Sign in</button></form>`);

// Login, then consent on the user's behalf (a first-party app, as an Entra administrator's
// consent for the whole organisation would).
async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    return res.end(loginForm(details.uid));
  }
  let body = '';
  for await (const chunk of req) body += chunk;
  const { username, password } = querystring.parse(body);
  const account = accounts()[username];
  if (!account || account.password !== password) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    return res.end(loginForm(details.uid, 'Wrong username or password'));
  }
  const grant = new provider.Grant({ accountId: username, clientId: details.params.client_id });
  grant.addOIDCScope(details.params.scope);
  const grantId = await grant.save();
  return provider.interactionFinished(req, res, { login: { accountId: username, amr: account.amr }, consent: { grantId } },
    { mergeWithLastSubmission: false });
}

const callback = provider.callback();
http.createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((error) => { res.writeHead(400); res.end(String(error)); });
  } else {
    callback(req, res);
  }
}).listen(Number(env.PORT), '127.0.0.1', () => console.log(`listening on ${issuer}`));
