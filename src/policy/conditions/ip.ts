// IPv4/IPv6 addresses and CIDR blocks as 128 bits in four 32-bit words; IPv4 sits in the last
// word. Context addresses are parsed into a caller-owned buffer so a check allocates nothing.
//
// AWS: "The value must be in the standard CIDR format (for example, 203.0.113.0/24 or
// 2001:DB8:1234:5678::/64). If you specify an IP address without the associated routing prefix,
// IAM uses the default prefix value of /32." (/128 for IPv6, the whole address.) The guide says
// nothing about IPv4-mapped IPv6 addresses, so the families never mix: ::ffff:203.0.113.1 is an
// IPv6 address and only IPv6 blocks can contain it.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress

export interface Cidr {
  v6: boolean;
  /** Network bits (already masked) and mask, as signed 32-bit words to compare with `&` results. */
  network: Int32Array;
  mask: Int32Array;
}

const COLON = 58;
const DOT = 46;
const groups = new Uint16Array(8);

/** Parses a plain address into `out`; 4 or 6 for its family, 0 when it is not an address. */
export function parseAddress(text: string, out: Uint32Array): 0 | 4 | 6 {
  if (text.indexOf(':') !== -1) return parseV6(text, out) ? 6 : 0;
  const v4 = parseV4(text, 0);
  if (v4 < 0) return 0;
  out[0] = 0;
  out[1] = 0;
  out[2] = 0;
  out[3] = v4;
  return 4;
}

export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  const address = slash === -1 ? text : text.slice(0, slash);
  const words = new Uint32Array(4);
  const family = parseAddress(address, words);
  if (family === 0) return undefined;
  const bits = family === 4 ? 32 : 128;
  let prefix = bits;
  if (slash !== -1) {
    const digits = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(digits) || Number(digits) > bits) return undefined;
    prefix = Number(digits);
  }
  // IPv4 lives in the last word, so its prefix counts from bit 96 of the 128.
  const total = family === 4 ? 96 + prefix : prefix;
  const network = new Int32Array(4);
  const mask = new Int32Array(4);
  for (let w = 0; w < 4; w++) {
    const wordBits = Math.min(32, Math.max(0, total - 32 * w));
    mask[w] = wordBits === 0 ? 0 : (0xffffffff << (32 - wordBits)) | 0;
    network[w] = words[w]! & mask[w]!;
  }
  return { v6: family === 6, network, mask };
}

export function cidrContains(cidr: Cidr, family: 4 | 6, words: Uint32Array): boolean {
  if (cidr.v6 !== (family === 6)) return false;
  for (let w = 0; w < 4; w++) if ((words[w]! & cidr.mask[w]!) !== cidr.network[w]) return false;
  return true;
}

/** Dotted quad from `start` to the end of `text`, as an unsigned 32-bit number; -1 if malformed. */
function parseV4(text: string, start: number): number {
  let value = 0;
  let octets = 0;
  let i = start;
  const end = text.length;
  while (octets < 4) {
    let octet = 0;
    let digits = 0;
    while (i < end && digits < 4) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      octet = octet * 10 + c;
      digits++;
      i++;
    }
    if (digits === 0 || digits > 3 || octet > 255) return -1;
    value = value * 256 + octet;
    octets++;
    if (octets < 4) {
      if (i >= end || text.charCodeAt(i) !== DOT) return -1;
      i++;
    }
  }
  return i === end ? value : -1;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** RFC 4291 text form: up to eight groups, one `::`, optionally a dotted-quad tail. No zone ids. */
function parseV6(text: string, out: Uint32Array): boolean {
  const end = text.length;
  let count = 0;
  let gap = -1;
  let i = 0;
  if (text.charCodeAt(0) === COLON) {
    if (text.charCodeAt(1) !== COLON) return false;
    gap = 0;
    i = 2;
  }
  while (i < end) {
    if (count === 8) return false;
    let j = i;
    let value = 0;
    while (j < end && j - i < 4) {
      const h = hexValue(text.charCodeAt(j));
      if (h < 0) break;
      value = value * 16 + h;
      j++;
    }
    if (j < end && text.charCodeAt(j) === DOT) {
      if (count > 6) return false;
      const v4 = parseV4(text, i);
      if (v4 < 0) return false;
      groups[count++] = v4 >>> 16;
      groups[count++] = v4 & 0xffff;
      i = end;
      break;
    }
    if (j === i) return false;
    groups[count++] = value;
    i = j;
    if (i === end) break;
    if (text.charCodeAt(i) !== COLON) return false;
    i++;
    if (i < end && text.charCodeAt(i) === COLON) {
      if (gap !== -1) return false;
      gap = count;
      i++;
    } else if (i === end) return false;
  }
  if (gap === -1 ? count !== 8 : count > 7) return false;
  const zeros = gap === -1 ? 0 : 8 - count;
  for (let g = 0; g < 8; g += 2) {
    out[g >> 1] = ((group(g, gap, zeros, count) << 16) | group(g + 1, gap, zeros, count)) >>> 0;
  }
  return true;
}

/** Group `g` of the expanded address: groups before the `::`, then zeros, then the rest. */
function group(g: number, gap: number, zeros: number, count: number): number {
  if (gap === -1 || g < gap) return groups[g]!;
  if (g < gap + zeros) return 0;
  const source = g - zeros;
  return source < count ? groups[source]! : 0;
}
