// The REST API's reference, drawn on the server from the OpenAPI document (no script, no outside assets).
import type { Locale, Translate } from "../../src/i18n/index";
import { Layout, type NavUser } from "../layout";

export interface ReferenceOperation {
  method: string;
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  modules: string[];
  params: { name: string; in: string; required: boolean; description: string }[];
  body?: string;
  status: string;
  response: string;
}

export function ReferencePage(p: { t: Translate; locale: Locale; user: NavUser | null; operations: ReferenceOperation[]; tags: string[] }) {
  const t = p.t;
  return (
    <Layout t={t} locale={p.locale} title={t("api.reference.title")} user={p.user} path="/api/v1/docs">
      <main class="api-reference">
        <h1>{t("api.reference.title")}</h1>
        <p>
          {t("api.reference.intro")} <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>
        </p>
        <nav>
          <ul>
            {p.operations.map((o) => (
              <li>
                <a href={`#${o.operationId}`}>
                  <code>
                    {o.method} {o.path}
                  </code>
                </a>{" "}
                — {o.summary}
              </li>
            ))}
          </ul>
        </nav>
        {p.tags.map((tag) => (
          <section>
            <h2>{tag}</h2>
            {p.operations
              .filter((o) => o.tag === tag)
              .map((o) => (
                <article id={o.operationId} data-testid="api-operation">
                  <h3>
                    <code>
                      {o.method} {o.path}
                    </code>
                  </h3>
                  <p>{o.summary}</p>
                  {o.description && <p class="muted">{o.description}</p>}
                  {o.modules.length > 0 && (
                    <p>
                      {t("api.reference.access")}: <code>{o.modules.join(" | ")}</code>
                    </p>
                  )}
                  {o.params.length > 0 && (
                    <>
                      <h4>{t("api.reference.params")}</h4>
                      <ul>
                        {o.params.map((x) => (
                          <li>
                            <code>{x.name}</code> ({x.in}
                            {x.required ? ", required" : ""}) — {x.description}
                          </li>
                        ))}
                      </ul>
                    </>
                  )}
                  {o.body && (
                    <>
                      <h4>{t("api.reference.body")}</h4>
                      <pre>{o.body}</pre>
                    </>
                  )}
                  <h4>
                    {t("api.reference.response")} {o.status}
                  </h4>
                  <pre>{o.response}</pre>
                </article>
              ))}
          </section>
        ))}
      </main>
    </Layout>
  );
}
