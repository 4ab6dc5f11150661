// The right column: who the visitor is and where they are (F11).
import type { ComponentChildren } from "preact";
import type { ConversationSummary } from "../../../common/protocol";
import { formatDateTime, formatDuration } from "../../../common/time-format";
import { deviceText } from "../../../common/device";
import type { WorkspaceTranslate } from "./translate";
import { CustomerCard } from "./customer-card";

/** Only http(s) addresses become links: a visitor-supplied "javascript:" URL must stay inert text. */
export function safeHttpUrl(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch {
    return null;
  }
}

export function VisitorPanel(props: { c: ConversationSummary | null; now: number; locale: "zh-CN" | "en"; t: WorkspaceTranslate }) {
  const { c, t, locale } = props;
  if (!c) {
    return (
      <aside class="ws-visitor" aria-label={t("visitor.title")}>
        <h2 class="ws-visitor__title">{t("visitor.title")}</h2>
        <p class="ws-empty">{t("visitor.none")}</p>
      </aside>
    );
  }
  const v = c.visitor;
  const until = v.online ? Math.max(props.now, v.lastSeenAt) : v.lastSeenAt;
  return (
    <aside class="ws-visitor" aria-label={t("visitor.title")} data-testid="visitor-panel" data-visitor-id={v.id}>
      <h2 class="ws-visitor__title">{t("visitor.title")}</h2>
      <dl class="ws-facts">
        <Fact label={t("visitor.id")}>
          <span class="ws-visitor__id" data-testid="visitor-display-id">
            {v.displayId}
          </span>{" "}
          <span class={`ws-tag ws-tag--${v.online ? "online" : "offline"}`} data-testid="visitor-presence" data-online={String(v.online)}>
            {v.online ? t("visitor.online") : t("visitor.offline")}
          </span>
        </Fact>
        {v.name && (
          <Fact label={t("visitor.name")}>
            <span data-testid="visitor-name">{v.name}</span>
          </Fact>
        )}
        {v.email && (
          <Fact label={t("visitor.email")}>
            <span data-testid="visitor-email">{v.email}</span>
          </Fact>
        )}
        <Fact label={t("visitor.site")}>{c.siteName}</Fact>
        <Fact label={t("visitor.page")}>
          <PageLink url={v.page.url} text={v.page.title || v.page.url || t("visitor.unknown")} testid="visitor-page" />
          {v.page.title && v.page.url && <span class="ws-facts__sub">{v.page.url}</span>}
        </Fact>
        <Fact label={t("visitor.referrer")}>
          {v.page.referrer ? <PageLink url={v.page.referrer} text={v.page.referrer} testid="visitor-referrer" /> : t("visitor.referrerDirect")}
        </Fact>
        <Fact label={t("visitor.device")}>
          <span data-testid="visitor-device">{v.device ? deviceText(v.device, (w) => t(`device.${w}`)) : t("visitor.unknown")}</span>
        </Fact>
        <Fact label={t("visitor.userAgent")}>
          <span class="ws-facts__ua">{v.userAgent || t("visitor.unknown")}</span>
        </Fact>
        <Fact label={t("visitor.firstSeen")}>{formatDateTime(v.firstSeenAt, locale)}</Fact>
        <Fact label={t("visitor.timeOnSite")}>{props.now ? formatDuration(until - v.firstSeenAt, locale) : "—"}</Fact>
      </dl>
      <CustomerCard key={v.id} visitorId={v.id} t={t} />
    </aside>
  );
}

function Fact(props: { label: string; children: ComponentChildren }) {
  return (
    <div class="ws-facts__row">
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}

function PageLink(props: { url: string | undefined; text: string; testid: string }) {
  const href = safeHttpUrl(props.url);
  if (!href) return <span data-testid={props.testid}>{props.text}</span>;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer" data-testid={props.testid} class="ws-link">
      {props.text}
    </a>
  );
}
