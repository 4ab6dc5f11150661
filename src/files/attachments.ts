// Attachments: a visitor's or an agent's file, stored first and then carried by a message. Whose
// a file is decides who may fetch it: the conversation's visitor, and the agents who may see the
// conversation (docs/widget.md, "Attachments").
import { and, eq, isNull } from "drizzle-orm";
import type { Attachment } from "../../common/protocol";
import type { Db } from "../db/client";
import { attachments } from "../db/schema";
import { scoped } from "../db/scope";
import { newId } from "../db/ids";
import { UserError } from "../errors";
import { LIMITS } from "../../common/protocol";
import { checkUpload } from "./sniff";
import { filePath, storeFile } from "./store";
import { transaction } from "../db/transaction";
import { rmSync } from "node:fs";

export type AttachmentRow = typeof attachments.$inferSelect;

export const toAttachment = (a: AttachmentRow): Attachment => ({ id: a.id, name: a.name, type: a.type, size: a.size });

export interface Owner {
  /** the conversation's visitor (hashed id) */
  visitorId: string;
  /** agents upload into a conversation; a visitor's file is bound by the message that carries it */
  conversationId: string | null;
  uploadedBy: string | null;
}

/**
 * Visitors' uploads that no message carries yet, per enterprise (tests may lower them). Anyone can
 * upload to a public site key and a file is sent seconds after it is uploaded, so past either bound
 * the oldest unsent uploads are deleted, files and all: what a script uploads without sending
 * cannot fill the disk (it was kept until retention, which is off by default).
 */
export const UNSENT_UPLOADS = { maxBytes: 256 * 1024 * 1024, maxFiles: 10_000 };

/**
 * Stores the row of a visitor's unsent upload, first deleting the enterprise's oldest unsent ones as
 * far as needed to keep within UNSENT_UPLOADS (in one transaction, so simultaneous uploads cannot
 * all see room). Returns the stored names of the files to remove.
 */
function keepUnsent(db: Db, enterpriseId: string, row: Omit<AttachmentRow, "enterpriseId">): string[] {
  return transaction(db, () => {
    const sqlite = db.$client;
    const held = sqlite
      .query("select coalesce(sum(size), 0) as bytes, count(*) as files from attachments where enterprise_id = ?1 and conversation_id is null and uploaded_by is null")
      .get(enterpriseId) as { bytes: number; files: number };
    let bytes = held.bytes + row.size;
    let files = held.files + 1;
    const gone: { id: string; stored: string }[] = [];
    if (bytes > UNSENT_UPLOADS.maxBytes || files > UNSENT_UPLOADS.maxFiles) {
      const oldest = sqlite.query("select id, size, stored from attachments where enterprise_id = ?1 and conversation_id is null and uploaded_by is null order by created_at, rowid");
      for (const old of oldest.iterate(enterpriseId) as Iterable<{ id: string; size: number; stored: string }>) {
        if (bytes <= UNSENT_UPLOADS.maxBytes && files <= UNSENT_UPLOADS.maxFiles) break;
        gone.push(old);
        bytes -= old.size;
        files--;
      }
      const drop = sqlite.query("delete from attachments where id = ?1 and enterprise_id = ?2 and conversation_id is null");
      for (const old of gone) drop.run(old.id, enterpriseId);
    }
    scoped(db, enterpriseId).insert(attachments, row).run();
    return gone.map((g) => g.stored);
  });
}

/** Checks and stores an upload; refusals are UserErrors (upload_empty, upload_too_large, upload_bad_type, upload_disguised). */
export async function saveAttachment(db: Db, dataDir: string, enterpriseId: string, file: unknown, owner: Owner): Promise<AttachmentRow> {
  if (!(file instanceof Blob)) throw new UserError("upload_missing", 400);
  // The declared size is checked before reading, so an oversized body is not held twice.
  if (file.size > LIMITS.maxAttachmentBytes) throw new UserError("upload_too_large", 413, { max: LIMITS.maxAttachmentBytes / 1024 / 1024 });
  const bytes = new Uint8Array(await file.arrayBuffer());
  const checked = checkUpload(bytes, file instanceof File ? file.name : "", LIMITS.maxAttachmentBytes);
  if (!checked.ok) throw new UserError(`upload_${checked.why}`, checked.why === "too_large" ? 413 : 415, { max: LIMITS.maxAttachmentBytes / 1024 / 1024 });
  const stored = await storeFile(dataDir, "attachments", bytes);
  const row = { id: newId("att"), ...owner, name: checked.name, type: checked.kind.type, size: bytes.length, stored, createdAt: Date.now() };
  if (owner.conversationId !== null || owner.uploadedBy !== null) {
    scoped(db, enterpriseId).insert(attachments, row).run();
    return { ...row, enterpriseId };
  }
  for (const name of keepUnsent(db, enterpriseId, row)) {
    const path = filePath(dataDir, "attachments", name);
    if (path) rmSync(path, { force: true });
  }
  return { ...row, enterpriseId };
}

export function getAttachment(db: Db, enterpriseId: string, id: string): AttachmentRow | undefined {
  return scoped(db, enterpriseId).select(attachments, eq(attachments.id, id)).get();
}

/**
 * The attachment a message names, if the sender may send it in this conversation: a visitor their
 * own file (not yet sent, or sent in this conversation); an agent a file uploaded into it. A file
 * of the visitor's is bound to the conversation here.
 */
export function claimAttachment(db: Db, enterpriseId: string, id: string, conversation: { id: string; visitorId: string }, byVisitor: boolean, checkOnly = false): Attachment {
  const a = getAttachment(db, enterpriseId, id);
  const mine = a && a.visitorId === conversation.visitorId && (byVisitor ? a.uploadedBy === null : a.uploadedBy !== null);
  if (!a || !mine || (a.conversationId !== null && a.conversationId !== conversation.id)) throw new UserError("attachment_not_found", 404);
  if (a.conversationId === null && !checkOnly)
    scoped(db, enterpriseId).update(attachments, { conversationId: conversation.id }, and(eq(attachments.id, id), isNull(attachments.conversationId))).run();
  return toAttachment(a);
}
