// Every setting in one table: command-line flag > environment (PARLEY_*) > default, validated.
import { resolve } from "node:path";
import { parseProxyRules, type ProxyRule } from "./http/client-address";

export type Mode = "company" | "platform";

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  mode: Mode;
  /** SQLite synchronous pragma: NORMAL is durable across process crashes; FULL also across power loss */
  synchronous: "NORMAL" | "FULL";
  /** public origin used in embed codes and socket URLs when behind a proxy; empty = from the request */
  publicUrl: string;
  /** how long a session lasts without use, in days */
  sessionDays: number;
  /** how long a seat's verification link stays valid, in days */
  inviteDays: number;
  /** reverse proxies whose X-Forwarded-For/-Proto/-Host are believed (addresses or CIDR networks); none by default */
  trustedProxies: ProxyRule[];
  /** open sockets one client address (visitors, before sign-in) or one signed-in agent may hold; past it the upgrade gets 429 */
  socketsPerAddress: number;
  /** socket frames per second one client address may send across its visitor sockets (bursts of twice that) */
  framesPerAddress: number;
  /** how long a socket may stay open without a successful hello before it is closed (4408) */
  helloTimeoutMs: number;
  /** bytes a socket's reader may fall behind (frames waiting for it) before it is closed to resume (4008) */
  socketBacklogBytes: number;
  /** addresses or networks that may read GET /metrics without a token; none by default */
  metricsAllow: ProxyRule[];
  /** closed conversations (and uploads no message carried) older than this many days are deleted; 0 keeps everything */
  retentionDays: number;
  /** webhook endpoints on loopback, private or link-local addresses are accepted (tests, an intranet receiver); refused by default (SSRF) */
  webhooksAllowPrivate: boolean;
  /** push endpoints may be private, loopback or plain http (a local push service in development and tests) */
  pushAllowPrivate: boolean;
  /** quiet logs (tests, benchmarks) */
  quiet: boolean;
}

interface Setting<K extends keyof Config> {
  key: K;
  flag: string;
  env: string;
  default: Config[K];
  parse: (raw: string) => Config[K];
}

function int(min: number, max: number) {
  return (raw: string): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`expected a whole number from ${min} to ${max}, got "${raw}"`);
    return n;
  };
}
function oneOf<T extends string>(...values: T[]) {
  return (raw: string): T => {
    const v = raw.trim() as T;
    if (!values.includes(v)) throw new Error(`expected one of ${values.join(", ")}, got "${raw}"`);
    return v;
  };
}
const bool = (raw: string) => ["1", "true", "yes", "on"].includes(raw.toLowerCase());
const text = (raw: string) => raw;

const settings: Setting<keyof Config>[] = [
  { key: "port", flag: "port", env: "PARLEY_PORT", default: 8080, parse: int(0, 65535) },
  { key: "host", flag: "host", env: "PARLEY_HOST", default: "0.0.0.0", parse: text },
  { key: "dataDir", flag: "data", env: "PARLEY_DATA_DIR", default: "./data", parse: text },
  { key: "mode", flag: "mode", env: "PARLEY_MODE", default: "company", parse: oneOf("company", "platform") },
  { key: "synchronous", flag: "synchronous", env: "PARLEY_SYNCHRONOUS", default: "NORMAL", parse: (r) => oneOf("NORMAL", "FULL")(r.toUpperCase()) },
  { key: "publicUrl", flag: "public-url", env: "PARLEY_PUBLIC_URL", default: "", parse: (r) => r.replace(/\/+$/, "") },
  { key: "sessionDays", flag: "session-days", env: "PARLEY_SESSION_DAYS", default: 14, parse: int(1, 365) },
  { key: "inviteDays", flag: "invite-days", env: "PARLEY_INVITE_DAYS", default: 7, parse: int(1, 90) },
  { key: "trustedProxies", flag: "trusted-proxy", env: "PARLEY_TRUSTED_PROXIES", default: [], parse: parseProxyRules },
  { key: "socketsPerAddress", flag: "sockets-per-address", env: "PARLEY_SOCKETS_PER_ADDRESS", default: 50, parse: int(1, 1_000_000) },
  { key: "framesPerAddress", flag: "frames-per-address", env: "PARLEY_FRAMES_PER_ADDRESS", default: 200, parse: int(1, 10_000_000) },
  { key: "helloTimeoutMs", flag: "hello-timeout-ms", env: "PARLEY_HELLO_TIMEOUT_MS", default: 10_000, parse: int(50, 600_000) },
  { key: "socketBacklogBytes", flag: "socket-backlog-bytes", env: "PARLEY_SOCKET_BACKLOG_BYTES", default: 1024 * 1024, parse: int(1024, 1024 * 1024 * 1024) },
  { key: "metricsAllow", flag: "metrics-allow", env: "PARLEY_METRICS_ALLOW", default: [], parse: parseProxyRules },
  { key: "retentionDays", flag: "retention-days", env: "PARLEY_RETENTION_DAYS", default: 0, parse: int(0, 36500) },
  { key: "webhooksAllowPrivate", flag: "webhooks-allow-private", env: "PARLEY_WEBHOOKS_ALLOW_PRIVATE", default: false, parse: bool },
  { key: "pushAllowPrivate", flag: "push-allow-private", env: "PARLEY_PUSH_ALLOW_PRIVATE", default: false, parse: bool },
  { key: "quiet", flag: "quiet", env: "PARLEY_QUIET", default: false, parse: bool },
] as Setting<keyof Config>[];

export const CONFIG_FLAGS = settings.map((s) => s.flag);

/** Builds the config from parsed flags and the environment; throws a readable error on bad values. */
export function loadConfig(flags: Record<string, string | boolean>, env: Record<string, string | undefined> = process.env): Config {
  const out: Record<string, unknown> = {};
  for (const s of settings) {
    const fromFlag = flags[s.flag];
    const raw = fromFlag !== undefined ? String(fromFlag) : env[s.env];
    try {
      out[s.key] = raw === undefined || raw === "" ? s.default : s.parse(raw);
    } catch (e) {
      throw new Error(`--${s.flag} / ${s.env}: ${(e as Error).message}`);
    }
  }
  const config = out as unknown as Config;
  config.dataDir = resolve(config.dataDir);
  return config;
}
