// Platform mode in tests: a server switched to platform mode, sign-ups, operators signed in with a
// real TOTP code, and licence files.
import { addOperator } from "../../src/platform/operators";
import { base32Decode, totp, totpStep } from "../../src/accounts/totp";
import { HttpClient } from "./http";
import { startServer, type TestServer } from "./server";

export const VALID_CODES = ["91350100M000100Y43", "91110000802100433B", "91440300708461136T"];

/** A real PNG (1×1), a PDF header, and a script that pretends to be an image. */
export const PNG_BYTES = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="), (c) => c.charCodeAt(0));
export const PDF_BYTES = new TextEncoder().encode("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
export const SCRIPT_BYTES = new TextEncoder().encode("<script>alert(document.cookie)</script>\n");

/** A test server in platform mode; the default company-made enterprise (Acme) stays, as after an upgrade. */
export async function startPlatform(opts: Parameters<typeof startServer>[0] = {}): Promise<TestServer> {
  const srv = await startServer(opts);
  srv.app.config.mode = "platform";
  return srv;
}

let seq = 0;
export function signupForm(over: Record<string, string> = {}): Record<string, string> {
  seq++;
  return { company: `Firm ${seq} 有限公司`, name: `Owner ${seq}`, email: `owner${seq}-${Date.now()}@firm.example`, password: "firm-pass-123", phone: "13800138000", ...over };
}

/** A client that reads English (the default language is Chinese), so tests can look for words. */
export function englishClient(url: string): HttpClient {
  const client = new HttpClient(url);
  client.cookies.set("parley_lang", "en");
  return client;
}

/** Signs a firm up through /signup; the client ends up signed in as its admin. */
export async function signUpFirm(srv: TestServer, over: Record<string, string> = {}): Promise<{ client: HttpClient; form: Record<string, string>; res: Response; enterpriseId: string }> {
  const client = englishClient(srv.url);
  const form = signupForm(over);
  const token = await client.csrf("/signup");
  const res = await client.post("/signup", { ...form, _csrf: token });
  const row = srv.db.$client.query("select enterprise_id from users where email = ?").get(form.email.toLowerCase()) as { enterprise_id: string } | null;
  return { client, form, res, enterpriseId: row?.enterprise_id ?? "" };
}

/** The CSRF token of a signed-in page. */
export async function csrfOf(client: HttpClient, path: string): Promise<string> {
  return client.csrf(path);
}

/** Posts a multipart form (a file upload) with the page's CSRF token. */
export async function postMultipart(client: HttpClient, path: string, fields: Record<string, string>, file?: { field: string; bytes: Uint8Array; name: string; type: string }, csrfFrom = "/admin/settings/account"): Promise<Response> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set("_csrf", await client.csrf(csrfFrom));
  if (file) form.set(file.field, new File([file.bytes as Uint8Array<ArrayBuffer>], file.name, { type: file.type }));
  return client.request(path, { method: "POST", body: form });
}

export function submitLicence(client: HttpClient, over: Record<string, string> = {}, file = { field: "licence", bytes: PNG_BYTES, name: "licence.png", type: "image/png" }): Promise<Response> {
  return postMultipart(client, "/admin/settings/account/verification", { legalName: "福州测试有限公司", creditCode: VALID_CODES[0]!, contact: "王经理 13800138000", ...over }, file);
}

/** The TOTP code for a secret, `ahead` steps from now (a code works once, so a second sign-in uses the next step). */
export async function codeFor(secret: string, ahead = 0): Promise<string> {
  return totp(base32Decode(secret), (totpStep(Date.now()) + ahead) * 30_000);
}

/** A new operator, signed in over HTTP with password and code. */
export async function operatorClient(srv: TestServer, name = "Olga Operator"): Promise<{ client: HttpClient; id: string; email: string; secret: string }> {
  seq++;
  const email = `op${seq}-${Date.now()}@platform.example`;
  const op = await addOperator(srv.db, { email, password: "operator-pass-1", name });
  const client = englishClient(srv.url);
  const token = await client.csrf("/operator/login");
  const first = await client.post("/operator/login", { email, password: "operator-pass-1", _csrf: token });
  if (first.status !== 303) throw new Error(`operator password step: ${first.status}`);
  const second = await client.post("/operator/login/code", { code: await codeFor(op.totpSecret), _csrf: token });
  if (second.status !== 303 || !client.cookies.get("parley_operator")) throw new Error(`operator code step: ${second.status} ${await second.text()}`);
  return { client, id: op.id, email, secret: op.totpSecret };
}
