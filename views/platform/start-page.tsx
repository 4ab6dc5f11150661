// The first page after sign-up: the seed's quick start (快速使用) as five steps with links.
import type { Locale, Translate } from "../../src/i18n/index";
import type { EnterpriseState } from "../../src/platform/standing";
import type { NavUser } from "../layout";
import { AdminFrame } from "../admin/team/admin-frame";
import { StateBadge } from "./account-page";

export function StartPage(p: { t: Translate; locale: Locale; user: NavUser; csrfToken: string; name: string; displayId: string; state: EnterpriseState; welcome: boolean }) {
  const t = p.t;
  const steps: { key: string; href: string | null; done?: boolean }[] = [
    { key: "embed", href: "/admin/embed" },
    { key: "online", href: "/workspace" },
    { key: "verify", href: "/admin/settings/account", done: p.state === "verified" },
    { key: "recharge", href: null },
    { key: "seats", href: "/admin/agents" },
  ];
  return (
    <AdminFrame t={t} locale={p.locale} user={p.user} csrfToken={p.csrfToken} title={t("platform.start.title")} path="/admin/start" styles={["/static/css/platform.css"]}>
      <section data-testid="quick-start">
        <h1>{t("platform.start.title")}</h1>
        {p.welcome && (
          <p class="notice" role="status" data-testid="welcome">
            {t("platform.start.welcome", { name: p.name, id: p.displayId })}
          </p>
        )}
        <p>
          {t("platform.account.id")}: <code data-testid="enterprise-id">{p.displayId}</code> · <StateBadge t={t} state={p.state} />
        </p>
        <ol class="steps">
          {steps.map((s) => (
            <li data-testid={`start-${s.key}`} class={s.done ? "done" : ""}>
              <strong>{s.href ? <a href={s.href}>{t(`platform.start.${s.key}`)}</a> : t(`platform.start.${s.key}`)}</strong>
              <p class="muted">{t(`platform.start.${s.key}_text`)}</p>
            </li>
          ))}
        </ol>
      </section>
    </AdminFrame>
  );
}
