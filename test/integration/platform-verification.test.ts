// Enterprise verification (企业认证): the credit-code checksum, the licence upload checked by content,
// the operator's queue, approval, rejection with a reason, resubmission, and who may see a licence.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { CREDIT_CODE_CHARS, creditCodeProblem } from "../../src/platform/credit-code";
import { englishClient, operatorClient, PDF_BYTES, PNG_BYTES, SCRIPT_BYTES, signUpFirm, startPlatform, submitLicence, VALID_CODES } from "../helpers/platform";
import type { HttpClient } from "../helpers/http";
import type { TestServer } from "../helpers/server";

let srv: TestServer;
const one = <T>(sql: string, ...args: string[]) => srv.db.$client.query(sql).get(...args) as T;
const stateOf = (eid: string) => one<{ state: string }>("select state from platform_accounts where enterprise_id = ?", eid).state;

beforeAll(async () => {
  srv = await startPlatform();
});
afterAll(() => srv.stop());

describe("the unified social credit code (GB 32100-2015)", () => {
  test("valid codes pass; every one-character change of them is refused", () => {
    for (const code of VALID_CODES) {
      expect(creditCodeProblem(code)).toBeNull();
      for (let i = 0; i < 18; i++)
        for (const c of CREDIT_CODE_CHARS) {
          if (c === code[i]) continue;
          const changed = code.slice(0, i) + c + code.slice(i + 1);
          expect({ changed, problem: creditCodeProblem(changed) }).toEqual({ changed, problem: "credit_code_check" });
        }
    }
  });

  test("wrong length and characters outside the code set are refused with their own reasons", () => {
    expect(creditCodeProblem(VALID_CODES[0]!.slice(0, 17))).toBe("credit_code_length");
    expect(creditCodeProblem(VALID_CODES[0]! + "1")).toBe("credit_code_length");
    expect(creditCodeProblem("91350100I000100Y43")).toBe("credit_code_chars"); // I is not in the set
    expect(creditCodeProblem("91350100O000100Y43")).toBe("credit_code_chars");
  });

  test("the organisation code inside (characters 9–17, GB 11714) is checked too", () => {
    // A code whose final check character is recomputed after breaking the organisation code's.
    const broken = "91350100M000100Y5";
    const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    const sum = [...broken].reduce((s, c, i) => s + CREDIT_CODE_CHARS.indexOf(c) * weights[i]!, 0);
    const code = broken + CREDIT_CODE_CHARS[(31 - (sum % 31)) % 31];
    expect(creditCodeProblem(code)).toBe("credit_code_check");
  });
});

describe("submitting, reviewing, resubmitting", () => {
  let a: HttpClient;
  let aId = "";
  let b: HttpClient;
  let bId = "";

  beforeAll(async () => {
    ({ client: a, enterpriseId: aId } = await signUpFirm(srv, { company: "Alpha 公司" }));
    ({ client: b, enterpriseId: bId } = await signUpFirm(srv, { company: "Beta 公司" }));
  });

  test("the account page shows the name, the enterprise ID, the trial state and the form", async () => {
    const html = await (await a.get("/admin/settings/account")).text();
    expect(html).toContain('data-testid="account-page"');
    expect(html).toContain('data-testid="enterprise-state" data-state="trial"');
    expect(html).toContain(one<{ display_id: string }>("select display_id from platform_accounts where enterprise_id = ?", aId).display_id);
    expect(html).toContain("Alpha 公司");
    expect(html).toContain('data-testid="verification-form"');
    for (const f of ["legalName", "creditCode", "contact", "licence"]) expect(html).toContain(`name="${f}"`);
    // Reached from the admin navigation.
    expect(await (await a.get("/admin/settings")).text()).toContain('href="/admin/settings/account"');
  });

  test("a bad credit code, a script disguised as an image and a missing licence are refused; nothing is stored", async () => {
    const files = () => one<{ n: number }>("select count(*) as n from verifications").n;
    const before = files();
    const badCode = await submitLicence(a, { creditCode: "91350100M000100Y44" });
    expect(badCode.status).toBe(400);
    expect(await badCode.text()).toContain("check character does not match");
    const disguised = await submitLicence(a, {}, { field: "licence", bytes: SCRIPT_BYTES, name: "licence.png", type: "image/png" });
    expect(disguised.status).toBe(415);
    expect(await disguised.text()).toContain("must be an image");
    const html = await submitLicence(a, {}, { field: "licence", bytes: new TextEncoder().encode("<html><script>x()</script></html>"), name: "licence.jpg", type: "image/jpeg" });
    expect(html.status).toBe(415);
    const renamed = await submitLicence(a, {}, { field: "licence", bytes: PNG_BYTES, name: "licence.pdf", type: "application/pdf" });
    expect(renamed.status).toBe(415);
    const big = await submitLicence(a, {}, { field: "licence", bytes: new Uint8Array(5 * 1024 * 1024 + 10).fill(0x41), name: "big.png", type: "image/png" });
    expect(big.status).toBe(413);
    const missing = await submitLicence(a, {}, { field: "other", bytes: PNG_BYTES, name: "x.png", type: "image/png" });
    expect(missing.status).toBe(400);
    expect(files()).toBe(before);
    expect(stateOf(aId)).toBe("trial");
  });

  test("submissions wait for review oldest first; the operator sees the licence; B's admin cannot", async () => {
    expect((await submitLicence(a)).status).toBe(303);
    expect(stateOf(aId)).toBe("pending");
    const pendingPage = await (await a.get("/admin/settings/account")).text();
    expect(pendingPage).toContain('data-state="pending"');
    expect(pendingPage).not.toContain('data-testid="verification-form"');
    // A second submission while one waits is refused.
    expect((await submitLicence(a)).status).toBe(409);
    expect((await submitLicence(b, { creditCode: VALID_CODES[1]!, legalName: "北京测试有限公司" }, { field: "licence", bytes: PDF_BYTES, name: "执照.pdf", type: "application/pdf" })).status).toBe(303);

    const op = await operatorClient(srv);
    const queue = await (await op.client.get("/operator/verifications")).text();
    const ids = [...queue.matchAll(/data-testid="queue-item" data-id="([^"]+)"/g)].map((m) => m[1]);
    const aVer = one<{ id: string }>("select id from verifications where enterprise_id = ?", aId).id;
    const bVer = one<{ id: string }>("select id from verifications where enterprise_id = ?", bId).id;
    expect(ids.indexOf(aVer)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(aVer)).toBeLessThan(ids.indexOf(bVer));

    const licence = await op.client.get(`/operator/verifications/${aVer}/licence`);
    expect(licence.status).toBe(200);
    expect(licence.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await licence.arrayBuffer())).toEqual(PNG_BYTES);
    const pdf = await op.client.get(`/operator/verifications/${bVer}/licence`);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(pdf.headers.get("content-disposition")).toStartWith("attachment");

    expect((await a.get(`/admin/settings/account/licence/${aVer}`)).status).toBe(200);
    expect((await b.get(`/admin/settings/account/licence/${aVer}`)).status).toBe(404);
    expect((await englishClient(srv.url).get(`/operator/verifications/${aVer}/licence`)).status).toBe(302);
    expect((await a.get(`/operator/verifications/${aVer}/licence`)).status).toBe(403);
  });

  test("rejection needs a reason; the admin sees it once as a notice, then resubmits; approval verifies and opens seats", async () => {
    const op = await operatorClient(srv);
    const aVer = one<{ id: string }>("select id from verifications where enterprise_id = ? and state = 'pending'", aId).id;
    const token = await op.client.csrf(`/operator/verifications/${aVer}`);
    const review = await (await op.client.get(`/operator/verifications/${aVer}`)).text();
    expect(review).toContain('data-testid="operator-approve"');
    expect(review).toContain('data-testid="operator-reject"');

    const noReason = await op.client.post(`/operator/verifications/${aVer}/reject`, { reason: " ", _csrf: token });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain("Enter a reason");
    expect(stateOf(aId)).toBe("pending");

    const rejected = await op.client.post(`/operator/verifications/${aVer}/reject`, { reason: "执照图片模糊 <i>please</i>", _csrf: token });
    expect(rejected.status).toBe(303);
    expect(stateOf(aId)).toBe("rejected");
    // Decided once: approving the rejected submission is refused.
    expect((await op.client.post(`/operator/verifications/${aVer}/approve`, { _csrf: token })).status).toBe(409);

    const seen = await (await a.get("/admin/settings/account")).text();
    expect(seen).toContain('data-state="rejected"');
    expect(seen).toContain('data-testid="verification-notice"');
    expect(seen).toContain('data-testid="rejection-reason"');
    expect(seen).toContain("执照图片模糊 &lt;i>please&lt;/i>");
    expect(seen).not.toContain("<i>please");
    expect(seen).toContain('data-testid="verification-form"');
    const again = await (await a.get("/admin/settings/account")).text();
    expect(again).not.toContain('data-testid="verification-notice"'); // the notice is shown once
    expect(again).toContain('data-testid="rejection-reason"'); // the reason stays

    expect((await submitLicence(a, { legalName: "福州测试有限公司（第二次）" })).status).toBe(303);
    expect(stateOf(aId)).toBe("pending");
    const second = one<{ id: string }>("select id from verifications where enterprise_id = ? and state = 'pending'", aId).id;
    expect(second).not.toBe(aVer);
    expect((await op.client.post(`/operator/verifications/${second}/approve`, { _csrf: token })).status).toBe(303);
    expect(stateOf(aId)).toBe("verified");
    const verified = await (await a.get("/admin/settings/account")).text();
    expect(verified).toContain('data-state="verified"');
    expect(verified).toContain("was approved");
    expect(verified).not.toContain('data-testid="verification-form"');

    // Verified: seats may be added now.
    const t2 = await a.csrf("/admin/agents");
    expect((await a.post("/admin/agents", { name: "First Agent", email: `first-${Date.now()}@alpha.example`, cap: "5", role: "agent", _csrf: t2 })).status).toBeLessThan(300);

    // Both sides' audit logs.
    const entActions = (srv.db.$client.query("select action from audit_log where enterprise_id = ? and action like 'verification.%' order by id").all(aId) as { action: string }[]).map((r) => r.action);
    expect(entActions).toEqual(["verification.submitted", "verification.rejected", "verification.submitted", "verification.approved"]);
    const opActions = (srv.db.$client.query("select action from operator_audit where subject_enterprise_id = ? order by id").all(aId) as { action: string }[]).map((r) => r.action);
    expect(opActions).toEqual(["verification.rejected", "verification.approved"]);
    const log = await (await op.client.get("/operator/audit")).text();
    expect(log).toContain("verification.approved");
  });
});
