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
import { storeFile } from "./store";

export type AttachmentRow = typeof attachments.$inferSelect;

export const toAttachment = (a: AttachmentRow): Attachment => ({ id: a.id, name: a.name, type: a.type, size: a.size });

export interface Owner {
  /** the conversation's visitor (hashed id) */
  visitorId: string;
  /** agents upload into a conversation; a visitor's file is bound by the message that carries it */
  conversationId: string | null;
  uploadedBy: string | null;
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
  scoped(db, enterpriseId).insert(attachments, row).run();
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
