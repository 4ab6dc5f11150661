import type { Locale, Translate } from "../src/i18n";
import { Layout, type NavUser } from "./layout";

export function ErrorPage(p: { t: Translate; locale: Locale; status: number; message: string; user?: NavUser | null; csrfToken?: string }) {
  return (
    <Layout t={p.t} locale={p.locale} title={String(p.status)} user={p.user} csrfToken={p.csrfToken} bare={!p.user}>
      <main class="card narrow">
        <h1>{p.status}</h1>
        <p role="alert">{p.message}</p>
        <p>
          <a href="/">{p.t("common.back_home")}</a>
        </p>
      </main>
    </Layout>
  );
}
