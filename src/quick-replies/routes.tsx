// Quick replies over HTTP: an agent's own under /quick-replies (module workspace), the team's under
// /admin/quick-replies (module settings: admins), and the list the composer's picker loads once.
import { h } from "preact";
import { QuickRepliesPage } from "../../views/quick-replies/quick-replies-page";
import { audit } from "../accounts/audit";
import { UserError } from "../errors";
import { decodeUpload } from "../files/text";
import { json, page, redirect } from "../http/respond";
import { refusalOf } from "../http/refusal";
import type { Req, Route } from "../http/route";
import { readCsv, toCsv } from "../leads/csv";
import { CsvSyntaxError } from "../robot/csv";
import { addReply, checkReply, deleteReply, ownedReply, importReplies, listReplies, MAX_REPLIES, updateReply, usableReplies, type Owner, type QuickReply } from "./replies";

const IMPORT_MAX_BYTES = 2 * 1024 * 1024;
const COLUMNS = ["groupName", "title", "shortcut", "body"] as const;

function render(req: Req, which: "mine" | "team", extra: { error?: string; notice?: string } = {}, status = 200): Response {
  const replies = listReplies(req.app.db, req.user!.enterpriseId, ownerOf(req, which)).map((r) => ({ id: r.id, groupName: r.groupName, title: r.title, shortcut: r.shortcut, body: r.body }));
  return page(h(QuickRepliesPage, { t: req.t, locale: req.locale, user: req.user!, csrfToken: req.csrfToken, which, replies, ...extra }), status);
}

const ownerOf = (req: Req, which: "mine" | "team"): Owner => (which === "team" ? null : req.user!.id);
const exported = (list: QuickReply[]) => list.map((r) => ({ groupName: r.groupName, title: r.title, shortcut: r.shortcut, body: r.body }));

/** Runs a change; a refusal is shown on the page (422) rather than as an error page. */
function action(which: "mine" | "team", fn: (req: Req, owner: Owner) => string | void) {
  return (req: Req): Response => {
    try {
      const notice = fn(req, ownerOf(req, which));
      return notice ? render(req, which, { notice }) : redirect(which === "team" ? "/admin/quick-replies" : "/quick-replies");
    } catch (e) {
      const { error, status } = refusalOf(req, e);
      return render(req, which, { error }, status);
    }
  };
}

/** JSON (an array of {groupName, title, shortcut, body}) or CSV with those columns. */
async function readImport(req: Req): Promise<Record<string, unknown>[]> {
  const file = req.body.file;
  if (!(file instanceof Blob) || file.size === 0) throw new UserError("quick_reply_import", 422, { reason: "no file" });
  const text = decodeUpload(await file.bytes());
  if (text === null) throw new UserError("upload_encoding", 422);
  if (/^\s*[[{]/.test(text)) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new UserError("quick_reply_import", 422, { reason: "JSON" });
    }
    if (!Array.isArray(data) || data.some((x) => !x || typeof x !== "object")) throw new UserError("quick_reply_import", 422, { reason: "[{groupName, title, shortcut, body}]" });
    if (data.length > MAX_REPLIES) throw new UserError("quick_reply_limit", 422, { max: MAX_REPLIES });
    return data as Record<string, unknown>[];
  }
  let rows;
  try {
    rows = readCsv(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw new UserError("quick_reply_import", 422, { reason: `CSV line ${e.line}` });
    throw e;
  }
  const [head, ...body] = rows;
  const cols = head?.cells.map((c) => COLUMNS.find((k) => k.toLowerCase() === c.trim().toLowerCase()));
  if (!cols || !cols.includes("title") || !cols.includes("body")) throw new UserError("quick_reply_import", 422, { reason: "CSV header: groupName,title,shortcut,body" });
  if (body.length > MAX_REPLIES) throw new UserError("quick_reply_limit", 422, { max: MAX_REPLIES });
  return body.map((r) => Object.fromEntries(cols.flatMap((k, i) => (k ? [[k, r.cells[i] ?? ""]] : []))));
}

function routesFor(which: "mine" | "team", base: string, access: Route["access"]): Route[] {
  const auditIt = (req: Req, what: string, target: { id: string; name?: string }, details: Record<string, unknown> = {}) => which === "team" && audit(req.app.db, { id: req.user!.id, name: req.user!.name, enterpriseId: req.user!.enterpriseId }, `quick_reply.${what}`, { type: "quick_reply", ...target }, details);
  return [
    { method: "GET", path: base, access, handle: (req) => render(req, which) },
    {
      method: "GET",
      path: `${base}/export.json`,
      access,
      handle: (req) =>
        new Response(JSON.stringify(exported(listReplies(req.app.db, req.user!.enterpriseId, ownerOf(req, which))), null, 2), {
          headers: { "content-type": "application/json; charset=utf-8", "content-disposition": `attachment; filename="quick-replies-${which}.json"`, "cache-control": "no-store" },
        }),
    },
    {
      method: "GET",
      path: `${base}/export.csv`,
      access,
      handle: (req) =>
        new Response(toCsv([[...COLUMNS], ...exported(listReplies(req.app.db, req.user!.enterpriseId, ownerOf(req, which))).map((r) => COLUMNS.map((k) => r[k]))]), {
          headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="quick-replies-${which}.csv"`, "cache-control": "no-store" },
        }),
    },
    {
      method: "POST",
      path: `${base}/import`,
      access,
      maxBody: IMPORT_MAX_BYTES + 64 * 1024,
      handle: async (req) => {
        let raws: Record<string, unknown>[];
        try {
          raws = await readImport(req);
        } catch (e) {
          if (!(e instanceof UserError)) throw e;
          return render(req, which, { error: req.t(`common.error.${e.code}`, e.params) }, e.status);
        }
        return action(which, (r, owner) => {
          const done = importReplies(r.app.db, r.user!.enterpriseId, owner, raws);
          auditIt(r, "imported", { id: "-" }, done);
          return r.t("quickReplies.imported", done);
        })(req);
      },
    },
    {
      method: "POST",
      path: base,
      access,
      handle: action(which, (req, owner) => {
        const r = addReply(req.app.db, req.user!.enterpriseId, owner, checkReply(req.body));
        auditIt(req, "created", { id: r.id, name: r.title });
      }),
    },
    {
      method: "POST",
      path: `${base}/:id`,
      access,
      handle: action(which, (req, owner) => {
        // Whose it is first: another's reply is not found, whatever the form holds.
        ownedReply(req.app.db, req.user!.enterpriseId, owner, req.params.id ?? "");
        updateReply(req.app.db, req.user!.enterpriseId, owner, req.params.id ?? "", checkReply(req.body));
        auditIt(req, "updated", { id: req.params.id ?? "" });
      }),
    },
    {
      method: "POST",
      path: `${base}/:id/delete`,
      access,
      handle: action(which, (req, owner) => {
        deleteReply(req.app.db, req.user!.enterpriseId, owner, req.params.id ?? "");
        auditIt(req, "deleted", { id: req.params.id ?? "" });
      }),
    },
  ];
}

export const quickReplyRoutes: Route[] = [
  {
    // The composer's picker: the team's replies and the agent's own, loaded once per session.
    method: "GET",
    path: "/api/quick-replies",
    access: { module: "workspace" },
    api: true,
    handle: (req) =>
      json({
        replies: usableReplies(req.app.db, req.user!.enterpriseId, req.user!.id).map((r) => ({ id: r.id, groupName: r.groupName, title: r.title, shortcut: r.shortcut, body: r.body, team: r.ownerId === null })),
      }),
  },
  ...routesFor("mine", "/quick-replies", { module: "workspace" }),
  ...routesFor("team", "/admin/quick-replies", { module: "settings" }),
];
