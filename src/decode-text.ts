// The bytes of an input file → its text. UTF-8 (a leading byte order mark dropped), or UTF-16LE
// with a byte order mark (what Windows PowerShell's `>` writes). Bytes that are not UTF-8 are an
// error naming where they are, not silently replaced (a name would change without a word).
import { InvalidInputError } from './errors.js';
import { lineCol } from './json-text.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function decodeText(file: string, bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return Buffer.from(bytes.buffer, bytes.byteOffset + 2, bytes.byteLength - 2).toString('utf16le');
  try {
    return utf8.decode(bytes);
  } catch {
    const offset = invalidUtf8Offset(bytes);
    const before = utf8.decode(bytes.subarray(0, offset));
    throw new InvalidInputError([{ file, ...lineCol(before, before.length), severity: 'error', message: `the file is not UTF-8: byte ${offset} (0x${bytes[offset]!.toString(16).padStart(2, '0')}) does not belong to a UTF-8 character; save the file as UTF-8` }]);
  }
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
function invalidUtf8Offset(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    if (length > 1 && !isWellFormed(bytes.subarray(i, i + length))) return i;
    i += length;
  }
  return bytes.length;
}

function isWellFormed(sequence: Uint8Array): boolean {
  try {
    utf8.decode(sequence);
    return true;
  } catch {
    return false;
  }
}
