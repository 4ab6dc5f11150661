// The frame every robot admin page shares: the admin console's frame with the robot's stylesheet.
import type { ComponentChildren } from "preact";
import type { Locale, Translate } from "../../../src/i18n/index";
import type { NavUser } from "../../layout";
import { AdminFrame } from "../team/admin-frame";

export interface RobotPageBase {
  t: Translate;
  locale: Locale;
  user: NavUser;
  csrfToken: string;
}

export function RobotFrame(p: RobotPageBase & { title: string; path: string; children: ComponentChildren }) {
  return (
    <AdminFrame t={p.t} locale={p.locale} user={p.user} csrfToken={p.csrfToken} title={p.title} path={p.path} styles={["/static/css/robot.css"]}>
      {p.children}
    </AdminFrame>
  );
}
