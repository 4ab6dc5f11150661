import { describe, expect, test } from "bun:test";
import { catalogueKeys, resolveLocale, t } from "../../src/i18n";

describe("catalogues", () => {
  test("both languages have exactly the same keys and no empty strings", () => {
    const en = catalogueKeys("en").sort();
    const zh = catalogueKeys("zh-CN").sort();
    expect(zh).toEqual(en);
    for (const k of en) {
      expect(t("en", k).trim().length).toBeGreaterThan(0);
      expect(t("zh-CN", k).trim().length).toBeGreaterThan(0);
    }
  });
  test("placeholders are filled, missing keys show themselves", () => {
    expect(t("en", "common.error.rate_limited", { seconds: 5 })).toContain("5 seconds");
    expect(t("zh-CN", "no.such.key")).toBe("no.such.key");
  });
  test("locale: explicit choice, then Accept-Language, then Chinese", () => {
    expect(resolveLocale("en", "zh-CN")).toBe("en");
    expect(resolveLocale(null, "fr-FR,en-GB;q=0.8")).toBe("en");
    expect(resolveLocale(null, "zh-TW")).toBe("zh-CN");
    expect(resolveLocale(null, "fr")).toBe("zh-CN");
    expect(resolveLocale("xx", undefined)).toBe("zh-CN");
  });
});

test("every action written to the audit log has a label in both languages", async () => {
  const { Glob } = await import("bun");
  const actions = new Set<string>();
  for await (const file of new Glob("src/**/*.{ts,tsx}").scan({ cwd: `${import.meta.dir}/../..`, absolute: true })) {
    const text = await Bun.file(file).text();
    for (const m of text.matchAll(/audit\([^)]*?"([a-z_]+\.[a-z_]+)"/g)) actions.add(m[1]!);
  }
  expect(actions.size).toBeGreaterThan(10);
  for (const a of actions) {
    expect({ a, en: catalogueKeys("en").includes(`team.action.${a}`) }).toEqual({ a, en: true });
    expect({ a, zh: catalogueKeys("zh-CN").includes(`team.action.${a}`) }).toEqual({ a, zh: true });
  }
});

test("every literal key the code looks up exists in the catalogues (and so, by the test above, in both)", async () => {
  const { Glob } = await import("bun");
  const keys = new Set(catalogueKeys("en"));
  // Browser apps get one area's strings without its prefix (areaStrings): their keys are relative to it.
  const areaOf = (file: string) => (/\/src\/workspace\/app\//.test(file) ? "workspace." : file.includes("/widget/") ? "widget." : "");
  const missing: string[] = [];
  let looked = 0;
  for await (const file of new Glob("{src,views,widget}/**/*.{ts,tsx}").scan({ cwd: `${import.meta.dir}/../..`, absolute: true })) {
    if (file.includes("/src/i18n/")) continue;
    const text = await Bun.file(file).text();
    const prefix = areaOf(file);
    const pattern = prefix ? /\bt\(\s*"([A-Za-z][\w.-]*)"/g : /\bt\(\s*"([a-z][\w-]*\.[\w.-]+)"/g;
    for (const m of text.matchAll(pattern)) {
      looked++;
      if (!keys.has(prefix + m[1]!)) missing.push(`${file.split("/").slice(-3).join("/")}: ${prefix}${m[1]}`);
    }
    // A UserError's code is shown through common.error.<code> (src/http/guard.ts failure()).
    for (const m of text.matchAll(/UserError\(\s*"([a-z_]+)"/g)) {
      looked++;
      if (!keys.has(`common.error.${m[1]}`)) missing.push(`${file.split("/").slice(-3).join("/")}: common.error.${m[1]}`);
    }
  }
  expect(looked).toBeGreaterThan(500);
  expect(missing).toEqual([]);
});
