#!/usr/bin/env python3
"""Writes the secret corpus fixtures (issue 19 §2): secrets-corpus-tokens.cpp, one fake value
of each public token, password-hash and keyword format per line and its masked twin, and
secrets-corpus-safe.cpp, the safe look-alikes. The values are random characters, none a real
secret. The committed fixtures are `bench/secret-corpus.py` (seed 19, into
tests/fixtures/secrets); other seeds give held-out corpora of the same shapes:

  bench/secret-corpus.py --seed 7 --out /tmp/c7 --any-digits
  build/attest scan /tmp/c7/secrets-corpus-tokens.cpp --no-cache -- -std=c++20

--any-digits drops the committed corpus's bias (each random run has a digit when its
alphabet has digits), so a run may, like a real token, have none.
"""
import argparse, os, random, string
ap = argparse.ArgumentParser()
ap.add_argument("--seed", type=int, default=19)
ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests/fixtures/secrets"))
ap.add_argument("--any-digits", action="store_true")
args = ap.parse_args()
R = random.Random(args.seed)
os.makedirs(args.out, exist_ok=True)
B62 = string.ascii_letters + string.digits
GEN = []
def rnd(n, alphabet=B62):
    while True:
        s = ''.join(R.choice(alphabet) for _ in range(n))
        if args.any_digits or any(c.isdigit() for c in s) or not any(ch.isdigit() for ch in alphabet):
            GEN.append(s); return s
HEX = '0123456789abcdef'
B64 = B62 + '+/'
URL = B62 + '_-'
CRYPT = B62 + './'
T = 'secrets-hardcoded-token'; C = 'secrets-hardcoded-credential'
def uuid(): return '-'.join(rnd(n, HEX) for n in (8,4,4,4,12))
tokens = []
def tok(make, rule, why):
    GEN.clear()
    lit = make()
    twin = lit
    for g in sorted(set(GEN), key=len, reverse=True):
        twin = twin.replace(g, 'x' * len(g))
    tokens.append((lit, rule, why, twin))
TOKENS = [
 # known formats that existed before
 (lambda: f'"AKIA{rnd(16, string.ascii_uppercase + "234567")}"', T, 'AWS access key id'),
 (lambda: f'"ASIA{rnd(16, string.ascii_uppercase + "234567")}"', T, 'AWS temporary access key id'),
 (lambda: f'"aws_secret_access_key={rnd(40, B64)}"', T, 'AWS secret access key'),
 (lambda: f'"ghp_{rnd(36)}"', T, 'GitHub personal access token'),
 (lambda: f'"gho_{rnd(36)}"', T, 'GitHub OAuth token'),
 (lambda: f'"ghs_{rnd(36)}"', T, 'GitHub app installation token'),
 (lambda: f'"github_pat_11{rnd(20, B62)}_{rnd(59)}"', T, 'GitHub fine-grained PAT'),
 (lambda: f'"glpat-{rnd(20, URL)}"', T, 'GitLab personal access token'),
 (lambda: f'"xoxb-{rnd(12, string.digits)}-{rnd(13, string.digits)}-{rnd(24)}"', T, 'Slack bot token'),
 (lambda: f'"xoxp-{rnd(12, string.digits)}-{rnd(12, string.digits)}-{rnd(13, string.digits)}-{rnd(32, HEX)}"', T, 'Slack user token'),
 (lambda: f'"https://hooks.slack.com/services/T{rnd(8, string.ascii_uppercase+string.digits)}/B{rnd(8, string.ascii_uppercase+string.digits)}/{rnd(24)}"', T, 'Slack webhook'),
 (lambda: f'"sk_live_{rnd(24)}"', T, 'Stripe live secret key'),
 (lambda: f'"rk_live_{rnd(24)}"', T, 'Stripe restricted key'),
 (lambda: f'"AIza{rnd(35, URL)}"', T, 'Google API key'),
 (lambda: f'"GOCSPX-{rnd(28, URL)}"', T, 'Google OAuth client secret'),
 (lambda: f'"SK{rnd(32, HEX)}"', T, 'Twilio API key'),
 (lambda: f'"SG.{rnd(22, URL)}.{rnd(43, URL)}"', T, 'SendGrid API key'),
 (lambda: f'"npm_{rnd(36)}"', T, 'npm token'),
 (lambda: f'"pypi-AgEIcHlwaS5vcmc{rnd(60, URL)}"', T, 'PyPI token'),
 (lambda: f'"-----BEGIN RSA PRIVATE KEY-----\\nMIIEow{rnd(64, B64)}\\n{rnd(64, B64)}\\n-----END RSA PRIVATE KEY-----\\n"', T, 'PEM RSA private key'),
 (lambda: f'"-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXktdjEAAAAA{rnd(48, B64)}\\n-----END OPENSSH PRIVATE KEY-----"', T, 'OpenSSH private key'),
 (lambda: f'"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI{rnd(30, URL)}.{rnd(43, URL)}"', T, 'JWT'),
 (lambda: f'"amqps://svc:{rnd(18)}@mq.internal:5671/"', T, 'password in a URL'),
 (lambda: f'"Server=db01;Database=orders;User Id=svc;Password={rnd(16)};"', T, 'ADO.NET connection string'),
 (lambda: f'"Authorization: Basic {rnd(32, B64)}="', T, 'Basic authorization header'),
 (lambda: f'"X-Api-Key: {rnd(32)}"', T, 'API key header'),
 # formats added for issue 19
 (lambda: f'"sq0atp-{rnd(22, URL)}"', T, 'Square access token'),
 (lambda: f'"sq0csp-{rnd(43, URL)}"', T, 'Square OAuth secret'),
 (lambda: f'"amzn.mws.{uuid()}"', T, 'Amazon MWS auth token'),
 (lambda: f'"{rnd(32, HEX)}-us{R.randint(1,21)}"', T, 'Mailchimp API key'),
 (lambda: f'"EAAC{rnd(150)}"', T, 'Facebook access token'),
 (lambda: f'"EAAG{rnd(180)}"', T, 'Facebook Graph token'),
 (lambda: f'"hf_{rnd(34, string.ascii_letters)}"', T, 'Hugging Face user token'),
 (lambda: f'"api_org_{rnd(34, string.ascii_letters)}"', T, 'Hugging Face org token'),
 (lambda: f'"xoxa-2-{rnd(40)}"', T, 'Slack workspace app token'),
 (lambda: f'"xoxr-{rnd(48)}"', T, 'Slack refresh token'),
 (lambda: f'"xapp-1-A{rnd(10, string.ascii_uppercase+string.digits)}-{rnd(13, string.digits)}-{rnd(64, HEX)}"', T, 'Slack app-level token'),
 (lambda: f'"xoxe.xoxp-1-{rnd(160)}"', T, 'Slack configuration token'),
 (lambda: f'"$2b$12${rnd(53, CRYPT)}"', C, 'bcrypt hash'),
 (lambda: f'"$2a$10${rnd(53, CRYPT)}"', C, 'bcrypt hash ($2a$)'),
 (lambda: f'"$2y$11${rnd(53, CRYPT)}"', C, 'bcrypt hash ($2y$)'),
 (lambda: f'"$6${rnd(16, CRYPT)}${rnd(86, CRYPT)}"', C, 'SHA-512-crypt hash'),
 (lambda: f'"$6$rounds=656000${rnd(16, CRYPT)}${rnd(86, CRYPT)}"', C, 'SHA-512-crypt hash with rounds'),
 (lambda: f'"$5${rnd(12, CRYPT)}${rnd(43, CRYPT)}"', C, 'SHA-256-crypt hash'),
 (lambda: f'"$1${rnd(8, CRYPT)}${rnd(22, CRYPT)}"', C, 'MD5-crypt hash'),
 (lambda: f'"$y$j9T${rnd(22, CRYPT)}${rnd(43, CRYPT)}"', C, 'yescrypt hash'),
 (lambda: f'"deploy:$6${rnd(8, CRYPT)}${rnd(86, CRYPT)}:19500:0:99999:7:::\\n"', C, '/etc/shadow line'),
 (lambda: f'"backup:{rnd(13, CRYPT)}:19000:0:99999:7:::"', C, '/etc/shadow line with a DES hash'),
 (lambda: f'"sshpass -p {rnd(14)} ssh deploy@build01 uptime"', C, 'sshpass -p'),
 (lambda: f'"sshpass -p\'{rnd(12)}\' scp build.tar.gz deploy@web01:/srv"', C, 'sshpass -p quoted'),
 # by keyword and entropy
 (lambda: f'"service key: {rnd(32)}\\n"', T, 'printf: a service key'),
 (lambda: f'"api_key={rnd(32)}"', T, 'api_key= in a query'),
 (lambda: f'"https://api.weather.internal/v2/forecast?city=Oslo&apikey={rnd(32, HEX)}"', T, 'apikey in a URL query'),
 (lambda: f'"access_token={rnd(40, URL)}&expires_in=3600"', T, 'access_token form field'),
 (lambda: f'"client_secret: {rnd(40, URL)}"', T, 'client secret'),
 (lambda: f'"X-Upload-Token: {rnd(28)}"', T, 'a project header'),
 (lambda: f'"Bearer {rnd(40, URL)}"', T, 'a bearer token alone'),
 (lambda: f'"--auth-token={rnd(24)}"', T, 'a command-line option'),
 (lambda: f'"secret = {rnd(32, B64)}"', T, 'an ini line'),
 (lambda: f'"signing_key: {rnd(44, B64)}="', T, 'a signing key'),
 (lambda: f'"token: {rnd(20)}"', T, 'a short random token'),
 (lambda: f'"credentials={uuid()}"', T, 'a UUID credential'),
 (lambda: f'"db_password={rnd(12)}"', C, 'a password field'),
 (lambda: f'"admin password: {rnd(6)}!{rnd(5)}"', C, 'a password in a message'),
 (lambda: f'"mode=sync;pwd={rnd(10)}#{rnd(3)}"', C, 'a pwd= field'),
 (lambda: f'"login=ops pass={rnd(14)}"', C, 'pass='),
]
for make, rule, why in TOKENS: tok(make, rule, why)
hexsha = lambda: rnd(40, HEX)
safe = [
 ('"api_key=YOUR_API_KEY"', 'a placeholder'),
 ('"api_key=<your-api-key>"', 'a placeholder'),
 ('"token: ${GITHUB_TOKEN}"', 'a template'),
 ('"password=%s"', 'a format string'),
 ('"key=%.*s\\n"', 'a format string'),
 ('"Authorization: Bearer %s\\r\\n"', 'a format string'),
 ('"Bearer {token}"', 'a template'),
 ('"password={password}"', 'a template'),
 ('"secret: {{ vault_secret }}"', 'a template'),
 ('"api_key=$(API_KEY)"', 'a make variable'),
 ('"password: <password>"', 'a usage placeholder'),
 ('"password: ••••••••"', 'a masked value'),
 ('"api_key=****************"', 'a masked value'),
 ('"token=xxxxxxxxxxxxxxxxxxxxxxxx"', 'a masked value'),
 ('"ghp_************************************"', 'a masked token'),
 ('"this.mPassword"', 'an identifier'),
 ('"axis._maxTicksKey"', 'an identifier'),
 ('"password=this.mPassword"', 'an identifier as the value'),
 ('"key: axis._maxTicksKey"', 'an identifier as the value'),
 ('"token=session.refreshToken"', 'an identifier as the value'),
 ('"api_key=config.apiKeyValue"', 'an identifier as the value'),
 ('"secret: Content-Security-Policy"', 'a header name'),
 ('"AKIAIOSFODNN7EXAMPLE"', "AWS's documented example key"),
 ('"aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"', "AWS's documented example secret"),
 (f'"api_key={rnd(20)}FAKEKEY"', 'a documented fake'),
 (f'"token={rnd(20)}TESTKEY"', 'a documented fake'),
 (f'"sk_live_{rnd(16)}EXAMPLE"', 'an example key'),
 (f'"commit {hexsha()}"', 'a git SHA'),
 (f'"revision: {hexsha()}"', 'a git SHA'),
 (f'"sha256: {rnd(64, HEX)}"', 'a digest of public data'),
 (f'"etag={rnd(32, HEX)}"', 'an ETag'),
 (f'"request-id: {uuid()}"', 'a UUID'),
 (f'"uuid={uuid()}"', 'a UUID'),
 ('"VGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZw=="', 'base64 of prose'),
 ('"data: SGVsbG8sIFdvcmxkISBUaGlzIGlzIGEgdGVzdC4="', 'base64 of prose after a non-keyword'),
 (f'"cache_key={rnd(32, HEX)}"', 'a lookup key'),
 (f'"sort key: {rnd(24)}"', 'a lookup key'),
 ('"public key: MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"', 'a public key'),
 (f'"primary_key={rnd(20)}"', 'a database key'),
 (f'"idempotency-key: {uuid()}"', 'an idempotency key'),
 ('"key=/etc/ssl/private/server.key"', 'a path'),
 ('"password_file=/run/secrets/db_password"', 'a path'),
 ('"token: ~/.config/gh/hosts.yml"', 'a path'),
 ('"key_file: C:\\\\certs\\\\client-2024.pfx"', 'a Windows path'),
 ('"auth=https://login.corp.internal/oauth2/v2.0/authorize"', 'a URL without credentials'),
 ('"token_url=https://oauth2.googleapis.com/token"', 'a URL without credentials'),
 ('"The API key is sent in the X-Api-Key header."', 'prose'),
 ('"Enter password: "', 'a prompt'),
 ('"password: must contain at least 12 characters"', 'prose'),
 ('"secret: required"', 'prose'),
 ('"token: expired\\n"', 'prose'),
 ('"auth: none"', 'a setting'),
 ('"auth=basic"', 'a setting'),
 ('"key: v2.13.0-rc.1"', 'a version'),
 ('"api-key-version: 2023-10-01"', 'a date'),
 ('"api_key=aaaaaaaabbbbbbbbcccccccc"', 'low entropy'),
 ('"token=1111111122222222"', 'low entropy'),
 ('"password=aaaaaaaa1"', 'low entropy'),
 ('"key: %s\\n"', 'a format string'),
 ('"api_key=%08x%08x%08x%08x"', 'a format string'),
 ('"token=%.*s&scope=%s"', 'a format string'),
 ('"sq0atp-short"', 'too short for a Square token'),
 ('"sq0csp-"', 'a prefix alone'),
 ('"amzn.mws.not-a-uuid"', 'not an MWS token'),
 ('"hf_tooShort"', 'too short for a Hugging Face token'),
 ('"EAACtoo"', 'too short for a Facebook token'),
 ('"xoxa-"', 'a prefix alone'),
 ('"xoxr-token-rotation"', 'documentation words'),
 ('"$2b$10$short"', 'too short for bcrypt'),
 ('"$6$rounds=5000$"', 'a crypt parameter string'),
 ('"$6$%s$"', 'a crypt salt format'),
 ('"sshpass -p \\"$SSHPASS\\" ssh host"', 'a variable'),
 ('"sshpass -e ssh deploy@host"', 'the password from the environment'),
 ('"sshpass -p %s ssh %s@%s"', 'a format string'),
 ('"sshpass -f /run/secrets/ssh_pw ssh host"', 'the password from a file'),
 ('"Accept-Language: en-us"', 'not a Mailchimp key'),
 (f'"{rnd(32, HEX)}-usage"', 'a hex id and a word'),
 ('"root:x:0:0:root:/root:/bin/bash"', 'a passwd line without a hash'),
 ('"nobody:*:19000:0:99999:7:::"', 'a locked shadow entry'),
 ('"daemon:!:19000::::::"', 'a locked shadow entry'),
 ('"keyword: selector"', 'a word'),
 ('"key=value"', 'a template pair'),
 ('"key: Content-Type"', 'a header name'),
 ('"monkey: 9f8e7d6c5b4a39281706"', 'not a keyword'),
 ('"tokenizer: whitespace-v2"', 'not a keyword'),
 ('"passage: Genesis 1:1-31"', 'not a keyword'),
 ('"x-request-id: 4f1c2b7e9d"', 'not a keyword'),
 ('"Token expired at 2024-05-01T12:00:00Z"', 'prose with a timestamp'),
 ('"password reset link sent to %s"', 'prose and a format'),
 ('"auth: method=scram-sha-256"', 'a setting'),
 ('"key size: 2048"', 'a number'),
 ('"secret_version: 17"', 'a number'),
 ('"key id: 0x1A2B3C4D"', 'a key id, short'),
 ('"api_key_header=X-Api-Key"', 'a header name'),
 ('"SELECT password FROM users WHERE id = ?"', 'SQL'),
 ('"UPDATE users SET password_hash = $1 WHERE id = $2"', 'SQL with placeholders'),
 ('"password=\\n"', 'empty'),
 ('"token=; Path=/; Max-Age=0"', 'a cookie cleared'),
 ('"api_key="', 'empty'),
 ('"GITHUB_TOKEN"', 'an environment variable name'),
 ('"DB_PASSWORD=${DB_PASSWORD:?missing}"', 'a shell template'),
]
hdr = """// A secret corpus for secrets-hardcoded-token and secrets-hardcoded-credential (issue 19 §2),
// assembled from the public documentation of each format: one fake value of each token
// format, password-hash format and keyword form per line, made of random characters (none is
// a real secret), and below, the same lines with the random characters masked. Safe
// look-alikes of another kind are in secrets-corpus-safe.cpp. Written by
// bench/secret-corpus.py (other seeds: held-out corpora). Recall and false alarms:
// bench/fixture-metrics.py --only secrets-corpus
void use(const char *);

void corpus() {
"""
with open(os.path.join(args.out, 'secrets-corpus-tokens.cpp'), 'w') as f:
    f.write(hdr)
    for lit, rule, why, twin in tokens:
        f.write(f'  use(/* {why} */ {lit});  // expect: {rule}\n')
    f.write('}\n\n// The same values masked: a redacted copy is no secret.\nvoid masked() {\n')
    for lit, rule, why, twin in tokens:
        f.write(f'  use({twin});  // ok: {why}, masked\n')
    f.write('}\n')
hdr2 = """// Safe look-alikes for the secret corpus (secrets-corpus-tokens.cpp): placeholders, masked
// values, identifiers, documented example keys, hashes of public data, UUIDs, base64 of
// prose, lookup keys, paths, URLs without credentials, prose, versions, low-entropy values,
// format strings and near misses of each token format. One real secret at the end shows
// that the file is scanned.
void use(const char *);

void safe() {
"""
with open(os.path.join(args.out, 'secrets-corpus-safe.cpp'), 'w') as f:
    f.write(hdr2)
    for lit, why in safe:
        f.write(f'  use({lit});  // ok: {why}\n')
    f.write('}\n\nvoid sentinel() {\n')
    f.write(f'  use("deploy key: {rnd(32)}");  // expect: secrets-hardcoded-token\n')
    f.write('}\n')
print(f'{len(tokens)} secrets, {len(tokens) + len(safe)} safe look-alikes in {args.out}')
