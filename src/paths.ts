// Where the application's own files (static/, migrations/) are. In the compiled executable every
// module's import.meta.dir is the embedded root ("/$bunfs/root"), and the --asset folders sit
// there; from source they sit one level above src/.
import { dirname } from "node:path";

const embedded = import.meta.dir.startsWith("/$bunfs") || import.meta.dir.startsWith("B:\\~BUN");

export const appRoot = embedded ? import.meta.dir : dirname(import.meta.dir);
export const staticDir = `${appRoot}/static`;
export const migrationsDir = `${appRoot}/migrations`;
export const isCompiled = embedded;

/** src/ from source; the executable's root, where scripts/build.ts embeds src/'s other entry points (workers). */
export const srcRoot = import.meta.dir;
