// A refused action (a UserError: a limit, a conflict, a form's bad value) is shown on the page it came
// from, the form kept and the message above it, rather than as an error page; anything else goes on to
// the route's error answer.
import { UserError } from "../errors";
import type { Req } from "./route";

/**
 * The message, in the reader's language, and the status of a refusal to show on its page. Anything
 * else is thrown on: a bug, and a 404, which has no page of its own to be shown on.
 */
export function refusalOf(req: Req, e: unknown): { error: string; status: number; code: string } {
  if (!(e instanceof UserError) || e.status === 404) throw e;
  return { error: req.t(`common.error.${e.code}`, e.params), status: e.status, code: e.code };
}

/** Runs a page's action; a refusal answers with `again`: the page drawn once more with the message. */
export async function refusalShown(req: Req, action: () => Response | Promise<Response>, again: (error: string, status: number) => Response): Promise<Response> {
  try {
    return await action();
  } catch (e) {
    const { error, status } = refusalOf(req, e);
    return again(error, status);
  }
}
