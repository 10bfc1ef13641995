// Typed readings of condition values (policy side once at compile time, context side per check).
// Undefined means "not a value of this type": such a context value never satisfies the clause.

// "restrict access based on comparing a key to an integer or decimal value"
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

export function parseNumber(text: string): number | undefined {
  return NUMBER.test(text) ? Number(text) : undefined;
}

// "You must specify date/time values with one of the W3C implementations of the ISO 8601 date
// formats or in epoch (UNIX) time." W3C profile: YYYY, YYYY-MM, YYYY-MM-DD, then Thh:mm,
// Thh:mm:ss or Thh:mm:ss.s plus a zone designator (Z or ±hh:mm). A time without a zone is read
// as UTC (the profile requires one; IAM's own keys always carry Z). A bare four-digit number is a
// year, as the profile defines it; any other number is epoch seconds. Parsed by hand: request
// dates are read on every check and a regular expression match would allocate.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date
const EPOCH = /^[+-]?\d+(?:\.\d+)?$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Milliseconds since the epoch. */
export function parseDate(text: string): number | undefined {
  const n = text.length;
  if (n !== 4 && EPOCH.test(text)) return Number(text) * 1000;
  const year = digits(text, 0, 4);
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let fraction = 0;
  let offset = 0;
  let i = 4;
  if (i < n) {
    if (text.charCodeAt(i) !== 45 /* - */) return undefined;
    month = digits(text, i + 1, 2);
    i += 3;
  }
  if (i < n) {
    if (text.charCodeAt(i) !== 45 /* - */) return undefined;
    day = digits(text, i + 1, 2);
    i += 3;
  }
  if (i < n) {
    const t = text.charCodeAt(i);
    if ((t !== 84 && t !== 116) /* T t */ || text.charCodeAt(i + 3) !== 58 /* : */) return undefined;
    hour = digits(text, i + 1, 2);
    minute = digits(text, i + 4, 2);
    i += 6;
    if (i < n && text.charCodeAt(i) === 58 /* : */) {
      second = digits(text, i + 1, 2);
      i += 3;
      if (i < n && text.charCodeAt(i) === 46 /* . */) {
        let scale = 1000;
        const from = ++i;
        for (; i < n; i++) {
          const d = text.charCodeAt(i) - 48;
          if (d < 0 || d > 9) break;
          scale /= 10;
          fraction += d * scale;
        }
        if (i === from) return undefined;
      }
    }
    if (i < n) {
      const z = text.charCodeAt(i);
      if (z === 90 || z === 122 /* Z z */) i++;
      else if (z === 43 || z === 45 /* + - */) {
        const colon = text.charCodeAt(i + 3) === 58 ? 1 : 0;
        const hours = digits(text, i + 1, 2);
        const minutes = digits(text, i + 3 + colon, 2);
        if (hours < 0 || minutes < 0 || hours > 23 || minutes > 59) return undefined;
        offset = (z === 45 ? -1 : 1) * (hours * 60 + minutes) * 60_000;
        i += 5 + colon;
      }
    }
  }
  if (i !== n || year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > DAYS_IN_MONTH[month - 1]! + (leap ? 1 : 0)) return undefined;
  return daysFromCivil(year, month, day) * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000 + fraction - offset;
}

/** A fixed-width run of decimal digits as a number; -1 if any is missing or not a digit. */
function digits(text: string, start: number, count: number): number {
  if (start + count > text.length) return -1;
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** Days since 1970-01-01 in the proleptic Gregorian calendar (Date.UTC maps years 0-99 to 19xx). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** "true"/"false" in any letter case, as IAM reads Bool values. */
export function parseBool(text: string): boolean | undefined {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text.length === 4 && text.toLowerCase() === 'true') return true;
  if (text.length === 5 && text.toLowerCase() === 'false') return false;
  return undefined;
}

// BinaryEquals "compares the value of the specified key byte for byte against a base-64 encoded
// representation of the binary value in the policy". Request values are base64 too (the guide's
// example request context holds the same base64 text), so both sides are decoded and compared.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function parseBase64(text: string): Buffer | undefined {
  return BASE64.test(text) ? Buffer.from(text, 'base64') : undefined;
}
