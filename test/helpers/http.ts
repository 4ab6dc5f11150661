// Browser-like HTTP for tests: a cookie jar, the CSRF token, form posts.
export class HttpClient {
  cookies = new Map<string, string>();

  constructor(readonly base: string) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("cookie", this.cookieHeader);
    // No pooled connections: a test server on a reused port must never receive a request meant for
    // the next one over an old keep-alive socket.
    const res = await fetch(this.base + path, { ...init, headers, redirect: "manual", keepalive: false });
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (attrs.some((a) => a.trim().toLowerCase() === "max-age=0")) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  get(path: string, headers: Record<string, string> = {}) {
    return this.request(path, { headers });
  }

  /** The token the last page's forms carry. */
  async csrf(path = "/login"): Promise<string> {
    const html = await (await this.get(path)).text();
    const m = /name="_csrf" value="([^"]+)"/.exec(html) ?? /name="csrf-token" content="([^"]+)"/.exec(html);
    if (!m) throw new Error(`no CSRF token on ${path}`);
    return m[1]!;
  }

  post(path: string, form: Record<string, string>, headers: Record<string, string> = {}) {
    return this.request(path, { method: "POST", body: new URLSearchParams(form), headers: { "content-type": "application/x-www-form-urlencoded", ...headers } });
  }

  async login(email: string, password: string): Promise<Response> {
    const token = await this.csrf("/login");
    return this.post("/login", { email, password, _csrf: token });
  }

  get session(): string | undefined {
    return this.cookies.get("parley_session");
  }
}
