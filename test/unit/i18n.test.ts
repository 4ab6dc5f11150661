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
