// Tells the agent something happened that they are not looking at: sound, desktop notification,
// flashing tab title, and a counter on the DOM (data-alert on #workspace-root) that tests read.
import type { ConversationSummary, LeadSummary } from "../../../common/protocol";
import { totalUnread } from "./selectors";
import type { WorkspaceTranslate } from "./translate";
import type { AlertSound } from "./alert-sound";
import { showDesktopNotification } from "./desktop-notification";
import { isPageFocused } from "./page-focus";
import type { WorkspaceStore } from "./store";
import type { TitleFlasher } from "./title-flasher";

export type AlertKind = "conversation" | "message";

/** A new conversation usually arrives with its first message: alert once for both. */
const SAME_EVENT_MS = 1500;
const BODY_CHARS = 140;

export class Alerter {
  private lastAlertAt = new Map<string, number>();

  constructor(
    private readonly deps: {
      store: WorkspaceStore;
      t: WorkspaceTranslate;
      sound: AlertSound;
      flasher: TitleFlasher;
      root: HTMLElement;
      openConversation: (id: string) => void;
    },
  ) {
    // While flashing, keep the count in the title current.
    deps.store.subscribe((s) => {
      if (deps.flasher.flashing) deps.flasher.start(this.titleText(totalUnread(s)));
    });
  }

  alert(kind: AlertKind, c: ConversationSummary, text?: string): void {
    const { store, t, sound, flasher, root } = this.deps;
    const now = Date.now();
    const last = this.lastAlertAt.get(c.id) ?? 0;
    this.lastAlertAt.set(c.id, now);
    if (now - last < SAME_EVENT_MS) {
      // The same event (or a burst): no second chime, but an agent who just looked away still gets the title.
      if (!isPageFocused()) {
        flasher.start(this.titleText(totalUnread(store.get())));
        root.dataset.alertTitle = "flashing";
      }
      return;
    }
    store.update((s) => ({ ...s, alerts: s.alerts + 1 }));
    const state = store.get();
    const muted = state.agent.status === "offline";
    const soundResult = muted ? "muted" : sound.play();
    let notified = false;
    const focused = isPageFocused();
    if (!focused) {
      if (!muted) {
        const title = kind === "conversation" ? t("alert.newConversation") : t("alert.newMessage");
        const who = t("alert.fromVisitor", { visitor: c.visitor.displayId, site: c.siteName });
        const words = text ?? c.lastMessage?.text ?? "";
        const body = words ? `${who}\n${words.length > BODY_CHARS ? `${words.slice(0, BODY_CHARS)}…` : words}` : who;
        notified = showDesktopNotification(title, body, c.id, () => this.deps.openConversation(c.id));
      }
      flasher.start(this.titleText(totalUnread(state)));
    }
    // Facts for tests and for whoever debugs "I heard nothing".
    root.dataset.alert = String(state.alerts);
    root.dataset.alertKind = kind;
    root.dataset.alertConversation = c.id;
    root.dataset.alertSound = soundResult;
    root.dataset.alertNotification = notified ? "shown" : "none";
    root.dataset.alertTitle = focused ? "none" : "flashing";
  }

  /** A visitor left a message (a new lead): chime, notification, title, and a count on the Leads tab. */
  lead(l: LeadSummary): void {
    const { store, t, sound, flasher, root } = this.deps;
    store.update((s) => ({ ...s, alerts: s.alerts + 1 }));
    const state = store.get();
    const muted = state.agent.status === "offline";
    const soundResult = muted ? "muted" : sound.play();
    const focused = isPageFocused();
    let notified = false;
    if (!focused) {
      if (!muted) {
        const who = t("alert.leadFrom", { name: l.name || "—", site: l.siteName });
        const body = l.message ? `${who}\n${l.message.length > BODY_CHARS ? `${l.message.slice(0, BODY_CHARS)}…` : l.message}` : who;
        notified = showDesktopNotification(t("alert.newLead"), body, l.id, () => window.location.assign(`/leads/${l.id}`));
      }
      flasher.start(t("alert.leadTitle"));
    }
    const leads = Number(root.dataset.leadAlerts ?? 0) + 1;
    showLeadBadge(leads, t("alert.leadBadge", { count: leads }));
    root.dataset.alert = String(state.alerts);
    root.dataset.alertKind = "lead";
    root.dataset.leadAlerts = String(leads);
    root.dataset.alertSound = soundResult;
    root.dataset.alertNotification = notified ? "shown" : "none";
    root.dataset.alertTitle = focused ? "none" : "flashing";
  }

  /** The agent is back: stop flashing. */
  seen(): void {
    this.deps.flasher.stop();
    this.deps.root.dataset.alertTitle = "none";
  }

  private titleText(unread: number): string {
    return this.deps.t("alert.titleFlash", { count: Math.max(1, unread) });
  }
}

/** The count of new leads on the top navigation's Leads tab (a text node: no markup from data). */
function showLeadBadge(count: number, label: string): void {
  const link = document.querySelector<HTMLAnchorElement>('header.topbar a[href="/leads"]');
  if (!link) return;
  let badge = link.querySelector<HTMLElement>(".nav-badge");
  if (!badge) {
    badge = document.createElement("span");
    badge.className = "nav-badge";
    badge.dataset.testid = "leads-badge";
    link.append(badge);
  }
  badge.textContent = String(count);
  badge.setAttribute("aria-label", label);
}
