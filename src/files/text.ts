// The text of an uploaded file (imports). Excel in China saves "CSV" in the Windows code page
// (GBK, which GB18030 contains), Excel elsewhere "CSV UTF-8" with a byte-order mark; both are read.
// A file that is neither (nor UTF-16 with its mark) is refused: decoding it as UTF-8 anyway would
// store U+FFFD in place of every character, mojibake the importer only sees later.

/** The file's text without a byte-order mark, or null when it is not UTF-8, UTF-16 (marked) or GB18030/GBK. */
export function decodeUpload(bytes: Uint8Array): string | null {
  const bom16 = bytes[0] === 0xff && bytes[1] === 0xfe ? "utf-16le" : bytes[0] === 0xfe && bytes[1] === 0xff ? "utf-16be" : null;
  for (const encoding of bom16 ? [bom16] : ["utf-8", "gb18030"]) {
    try {
      return new TextDecoder(encoding, { fatal: true }).decode(bytes);
    } catch {
      // not this one
    }
  }
  return null;
}
