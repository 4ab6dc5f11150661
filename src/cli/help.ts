export const HELP = `Parley — self-hosted live chat for your websites

Usage:
  parley serve [--port N] [--data DIR] [--mode company|platform] [--host ADDR]
               [--public-url URL] [--trusted-proxy ADDRS] [--synchronous NORMAL|FULL]
      Run the server (default port 8080, data in ./data). On a fresh data directory,
      open http://localhost:8080/ to create your company and admin. Behind a reverse
      proxy, --trusted-proxy names it (addresses or CIDR networks, comma-separated):
      only its X-Forwarded-* headers are believed (docs/deployment.md).
      Socket limits: --sockets-per-address N (50), --frames-per-address N (200/s),
      --hello-timeout-ms N (10000), --socket-backlog-bytes N (1 MiB); docs/protocol.md.
  parley init --company NAME --email E --password P [--name ADMIN_NAME] [--data DIR]
      Create the enterprise, its admin and a default site without a browser.
      Prints JSON: {"enterpriseId", "siteKey", "adminEmail", ...}.
  parley agent add --email E --password P --name N [--role admin|agent] [--cap N] [--data DIR]
      Create an activated seat; prints JSON with its id. --role also takes supervisor,
      or a custom role's name.
  parley operator add --email E --password P [--name N] [--data DIR]
      Platform mode: add an operator (signs in at /operator/login with the password and a
      TOTP code). Prints JSON: {"id", "email", "name", "totpSecret"}; enrol totpSecret
      (base32) in an authenticator app.
  parley kb import FILE [--format json|csv] [--enterprise ID] [--data DIR]
      Import knowledge-base entries (JSON array or CSV; see docs/robot.md), all or none:
      rejected rows are listed by line and nothing is imported (exit code 1).
  parley kb export [--format json|csv] [--enterprise ID] [--data DIR]
      Print the knowledge base (JSON by default).
  parley robot ask "TEXT" [--enterprise ID] [--data DIR]
      Print the robot's decision as JSON: {"match": {"key","question","score"} | null, "suggestions": [...]}.
  parley token add --name N [--modules m1,m2] [--expires-days N] [--enterprise ID] [--data DIR]
      Create an API token (every module when --modules is not given; modules: the role
      modules and metrics). Prints JSON with "token" — shown only this once. See docs/api.md.
  parley billing check [--data DIR]
      Platform mode: check that every enterprise's balance equals the sum of its ledger rows
      (docs/billing.md). Prints JSON {"ok": true, ...}; exit code 1 with the first mismatch.
  parley backup FILE [--data DIR]
      Write a consistent copy of the data directory (database and uploads) to FILE, a tar
      archive, while the server runs. Prints JSON: {"file", "bytes", "files", ...}.
  parley restore FILE [--force] [--data DIR]
      Put a backup back into the data directory. Refused while a server uses it, and when it
      holds data unless --force is given. See docs/operations.md.
  parley version
      Print the version.

Every flag can also be set in the environment: PARLEY_PORT, PARLEY_DATA_DIR, PARLEY_MODE,
PARLEY_HOST, PARLEY_PUBLIC_URL, PARLEY_SYNCHRONOUS, PARLEY_SESSION_DAYS. Flags win.

Operations (docs/operations.md): --metrics-allow ADDR[,CIDR…] (PARLEY_METRICS_ALLOW) lets those
addresses read GET /metrics without a token; --retention-days N (PARLEY_RETENTION_DAYS) deletes
closed conversations and their files older than N days (0, the default, keeps everything);
PARLEY_LOG_LEVEL=debug|info|warn|error (logs are one JSON object per line).

Webhooks (docs/webhooks.md): --webhooks-allow-private (PARLEY_WEBHOOKS_ALLOW_PRIVATE=1) accepts
endpoints on loopback, private and link-local addresses, refused by default.
Web push (docs/workspace.md): --push-allow-private (PARLEY_PUSH_ALLOW_PRIVATE=1) the same for the
push services of agents' devices.
`;
