// A minimal ustar archive (POSIX tar): regular files only, written and read in chunks so a large
// uploads folder never has to fit in memory. `tar tvf backup.tar` lists what Parley writes.
import { closeSync, fstatSync, openSync, readSync, writeSync } from "node:fs";

const BLOCK = 512;
const CHUNK = 1 << 20;

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, "0") + "\0";
}

function header(name: string, size: number, mtime: number): Buffer {
  if (Buffer.byteLength(name) > 100) throw new Error(`archive entry name too long: ${name}`);
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 100, "utf8");
  h.write(octal(0o644, 8), 100, "ascii");
  h.write(octal(0, 8), 108, "ascii");
  h.write(octal(0, 8), 116, "ascii");
  h.write(octal(size, 12), 124, "ascii");
  h.write(octal(Math.floor(mtime / 1000), 12), 136, "ascii");
  h.write("        ", 148, "ascii"); // the checksum counts its own field as spaces
  h.write("0", 156, "ascii");
  h.write("ustar\0", 257, "ascii");
  h.write("00", 263, "ascii");
  let sum = 0;
  for (const b of h) sum += b;
  h.write(octal(sum, 7) + " ", 148, "ascii");
  return h;
}

export class TarWriter {
  private fd: number;
  constructor(path: string) {
    this.fd = openSync(path, "wx");
  }

  /** Adds bytes held in memory (small things: the manifest). */
  addBytes(name: string, bytes: Uint8Array, mtime = Date.now()): void {
    writeSync(this.fd, header(name, bytes.length, mtime));
    writeSync(this.fd, bytes);
    this.pad(bytes.length);
  }

  /**
   * Adds a file from disk, copied in chunks. The size is taken once, from the open descriptor, so a
   * file that grows meanwhile still yields a well-formed entry. Returns false when the file is gone.
   */
  addFile(name: string, path: string): boolean {
    let src: number;
    try {
      src = openSync(path, "r");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return false;
      throw e;
    }
    try {
      const st = fstatSync(src);
      writeSync(this.fd, header(name, st.size, st.mtimeMs));
      const buf = Buffer.alloc(Math.min(CHUNK, Math.max(st.size, 1)));
      let left = st.size;
      while (left > 0) {
        const n = readSync(src, buf, 0, Math.min(buf.length, left), null);
        if (n === 0) throw new Error(`${path} shrank while it was being archived`);
        writeSync(this.fd, buf, 0, n);
        left -= n;
      }
      this.pad(st.size);
      return true;
    } finally {
      closeSync(src);
    }
  }

  private pad(size: number) {
    const rest = size % BLOCK;
    if (rest) writeSync(this.fd, Buffer.alloc(BLOCK - rest));
  }

  /** Two zero blocks end the archive. */
  close(): void {
    writeSync(this.fd, Buffer.alloc(BLOCK * 2));
    closeSync(this.fd);
  }
}

export interface TarEntry {
  name: string;
  size: number;
  /** copies the entry's bytes to an open file descriptor, in chunks */
  copyTo(fd: number): void;
  /** the entry's bytes (for small entries) */
  bytes(): Buffer;
}

/** Reads the archive's entries in order; throws on a damaged or truncated archive. */
export function* readTar(path: string): Generator<TarEntry> {
  const fd = openSync(path, "r");
  try {
    const total = fstatSync(fd).size;
    let pos = 0;
    const h = Buffer.alloc(BLOCK);
    for (;;) {
      if (pos + BLOCK > total) throw new Error("the archive is truncated");
      readSync(fd, h, 0, BLOCK, pos);
      if (h.every((b) => b === 0)) return;
      let sum = 0;
      for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
      const stored = parseInt(h.toString("ascii", 148, 156).replace(/\0.*$/, "").trim(), 8);
      if (stored !== sum) throw new Error("the archive is damaged (header checksum)");
      const name = h.toString("utf8", 0, 100).replace(/\0.*$/s, "");
      const size = parseInt(h.toString("ascii", 124, 136).replace(/\0.*$/, "").trim() || "0", 8);
      const type = h.toString("ascii", 156, 157);
      const start = pos + BLOCK;
      if (start + size > total) throw new Error("the archive is truncated");
      pos = start + Math.ceil(size / BLOCK) * BLOCK;
      if (type !== "0" && type !== "\0") continue;
      yield {
        name,
        size,
        copyTo(out: number) {
          const buf = Buffer.alloc(Math.min(CHUNK, Math.max(size, 1)));
          let at = start;
          let left = size;
          while (left > 0) {
            const n = readSync(fd, buf, 0, Math.min(buf.length, left), at);
            if (n === 0) throw new Error("the archive is truncated");
            writeSync(out, buf, 0, n);
            at += n;
            left -= n;
          }
        },
        bytes() {
          const buf = Buffer.alloc(size);
          readSync(fd, buf, 0, size, start);
          return buf;
        },
      };
    }
  } finally {
    closeSync(fd);
  }
}
