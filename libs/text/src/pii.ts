/**
 * PII redaction for free-text comments before anything else looks at them (or stores them).
 *
 * Every detector proposes candidates with a cheap regular expression and then *validates* them,
 * because comments are full of numbers that are not PII: order and tracking numbers, dates,
 * times, amounts. Validation: e-mail shape; IBAN country length + mod-97 (ibantools); card
 * Luhn + a plausible issuer prefix; codice fiscale check character; phones through
 * libphonenumber-js full metadata (a real numbering-plan match, not just a length), then
 * rejected when they sit inside a date/time/amount. Context never spares a number that validates:
 * "ordine n. 0212345678" may be an order number, but it is also a dialable Milan line, and a
 * leaked phone costs more than a hidden order number (issue 20, item 7).
 *
 * Detectors run on the original text in order of specificity (e-mail, IBAN, codice fiscale,
 * card, phone); a later detector never claims characters an earlier one took.
 */
import { findPhoneNumbersInText, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { getCountrySpecifications, isValidIBAN } from 'ibantools';

export type PiiKind = 'EMAIL' | 'PHONE' | 'IBAN' | 'CARD' | 'CODICE_FISCALE';

export interface Redaction {
  /** The text with each finding replaced by `[KIND]`. */
  readonly text: string;
  /** Kinds found, each once, in order of first appearance. */
  readonly found: PiiKind[];
}

interface Span {
  readonly start: number;
  readonly end: number;
  readonly kind: PiiKind;
}

const overlaps = (spans: readonly { start: number; end: number }[], start: number, end: number): boolean =>
  spans.some((s) => start < s.end && s.start < end);

const ALNUM = /[\p{L}\p{N}]/u;
const isAlnumAt = (text: string, i: number): boolean => i >= 0 && i < text.length && ALNUM.test(text[i]);

// ---------------------------------------------------------------------------------------------
// E-mail, including the common spoken obfuscations ("mario (at) gmail punto it").

// Each pattern may only start where a run of its characters starts (the lookbehinds), and the
// spoken form is tried only in a window around each spoken "at": both stay linear in the text.
const EMAIL_RE = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
const AT = String.raw`\s*(?:\(at\)|\[at\]|\{at\})\s*|\s+(?:at|chiocciola)\s+`;
const DOT = String.raw`\s*(?:\(dot\)|\[dot\]|\(punto\))\s*|\s+(?:dot|punto)\s+|\.`;
const SPOKEN_AT_RE = new RegExp(AT, 'giu');
const OBFUSCATED_EMAIL_RE = new RegExp(
  String.raw`(?<![\p{L}\p{N}_%+.-])[\p{L}\p{N}_%+-]+(?:(?:${DOT})[\p{L}\p{N}_%+-]+)*(?:${AT})[\p{L}\p{N}-]+(?:(?:${DOT})[\p{L}\p{N}-]+)*(?:${DOT})(?:com|it|net|org|eu|info|biz|co|uk|de|fr|es|ch|io|me)(?![\p{L}\p{N}])`,
  'giu',
);
/** Characters searched either side of a spoken "at": longer than any local part or domain in use. */
const SPOKEN_WINDOW = 128;

function findEmails(text: string, spans: Span[]): void {
  const push = (start: number, end: number): void => {
    if (!overlaps(spans, start, end)) spans.push({ start, end, kind: 'EMAIL' });
  };
  if (text.includes('@')) for (const m of text.matchAll(EMAIL_RE)) push(m.index, m.index + m[0].length);
  const windows: { from: number; to: number }[] = [];
  for (const at of text.matchAll(SPOKEN_AT_RE)) {
    const from = Math.max(0, at.index - SPOKEN_WINDOW);
    const to = Math.min(text.length, at.index + at[0].length + SPOKEN_WINDOW);
    const last = windows[windows.length - 1];
    if (last && from <= last.to) last.to = to;
    else windows.push({ from, to });
  }
  for (const { from, to } of windows) {
    for (const m of text.slice(from, to).matchAll(OBFUSCATED_EMAIL_RE))
      push(from + m.index, from + m.index + m[0].length);
  }
}

// ---------------------------------------------------------------------------------------------
// IBAN: two letters, two check digits, then exactly the country's length of alphanumerics,
// optionally grouped by spaces or dashes ("IT60 X054 2811 1010 0000 0123 456").

const IBAN_LENGTH = new Map<string, number>(
  Object.entries(getCountrySpecifications()).flatMap(([code, spec]) =>
    spec.chars ? [[code, spec.chars]] : [],
  ),
);
const IBAN_START_RE = /(?<![\p{L}\p{N}])[A-Za-z]{2}\d{2}[ -]?[A-Za-z0-9]/gu;

function findIbans(text: string, spans: Span[]): void {
  for (const m of text.matchAll(IBAN_START_RE)) {
    const start = m.index;
    const length = IBAN_LENGTH.get(m[0].slice(0, 2).toUpperCase());
    if (!length) continue;
    let chars = '';
    let i = start;
    // Take exactly `length` alphanumerics, allowing single separators between them.
    while (i < text.length && chars.length < length) {
      const c = text[i];
      if (/[A-Za-z0-9]/.test(c)) chars += c;
      else if (!((c === ' ' || c === '-') && chars.length > 0 && /[A-Za-z0-9]/.test(text[i + 1] ?? '')))
        break;
      i++;
    }
    if (chars.length !== length || isAlnumAt(text, i)) continue;
    if (isValidIBAN(chars.toUpperCase()) && !overlaps(spans, start, i))
      spans.push({ start, end: i, kind: 'IBAN' });
  }
}

// ---------------------------------------------------------------------------------------------
// Codice fiscale: 6 letters, 2 year digits, month letter, 2 day digits, 4-char town code, check
// letter. Omocodia replaces digits by L M N P Q R S T U V; the check character covers that too.

const OMO = '0-9LMNPQRSTUVlmnpqrstuv';
const CF_RE = new RegExp(
  String.raw`(?<![\p{L}\p{N}])[A-Za-z]{6}[${OMO}]{2}[ABCDEHLMPRSTabcdehlmprst][${OMO}]{2}[A-Za-z][${OMO}]{3}[A-Za-z](?![\p{L}\p{N}])`,
  'gu',
);
const CF_SHAPE = new RegExp(`^[A-Z]{6}[${OMO}]{2}[ABCDEHLMPRST][${OMO}]{2}[A-Z][${OMO}]{3}[A-Z]$`);
// Values of characters in odd (1st, 3rd, …) positions; digits count as the letter of the same index.
const CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

export function isValidCodiceFiscale(cf: string): boolean {
  const s = cf.toUpperCase();
  if (!CF_SHAPE.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const c = s.charCodeAt(i);
    const v = c <= 57 ? c - 48 : c - 65;
    if (v < 0 || v > 25) return false;
    sum += i % 2 === 0 ? CF_ODD[v] : v;
  }
  return s.charCodeAt(15) === 65 + (sum % 26);
}

function findCodiciFiscali(text: string, spans: Span[]): void {
  for (const m of text.matchAll(CF_RE)) {
    const start = m.index;
    const end = start + m[0].length;
    if (isValidCodiceFiscale(m[0]) && !overlaps(spans, start, end))
      spans.push({ start, end, kind: 'CODICE_FISCALE' });
  }
}

// ---------------------------------------------------------------------------------------------
// Payment cards: 13–19 digits, optionally grouped, Luhn-valid, with an issuer prefix that exists
// (Visa 4, Mastercard 51–55/2221–2720, Amex 34/37, Diners 30/36/38, JCB 35, Discover/Maestro/
// UnionPay 5x/6x). The prefix check removes most Luhn-by-chance order numbers.

const CARD_RE = /(?<![\p{L}\p{N}])\d+(?:[ -]\d+)*(?![\p{L}\p{N}])/gu;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Issuer prefix that exists, with a length that issuer uses (an IMEI is Luhn-valid, 15 digits, 35…). */
function plausibleIssuer(d: string): boolean {
  const n = d.length;
  const two = Number(d.slice(0, 2));
  const four = Number(d.slice(0, 4));
  if (d[0] === '4') return n === 13 || n === 16 || n === 19; // Visa
  if (two === 34 || two === 37) return n === 15; // Amex
  if (two >= 51 && two <= 55) return n === 16; // Mastercard
  if (four >= 2221 && four <= 2720) return n === 16; // Mastercard 2-series
  if (two === 35) return n >= 16; // JCB
  if (two === 30 || two === 36 || two === 38) return n >= 14; // Diners
  return two >= 50 && two <= 69 && n >= 12; // Maestro 50/56–69, Discover 6011/64/65, UnionPay 62
}

function findCards(text: string, spans: Span[]): void {
  for (const m of text.matchAll(CARD_RE)) {
    const groups: { start: number; end: number; digits: string }[] = [];
    for (const g of m[0].matchAll(/\d+/g))
      groups.push({ start: m.index + g.index, end: m.index + g.index + g[0].length, digits: g[0] });
    findCardsInGroups(groups, 0, groups.length, spans);
  }
}

/**
 * The longest run of whole groups that is a card wins ("4111 1111 1111 1111 12/26" ends with an
 * expiry); the groups either side are searched again. Only runs of at most 19 digits are tried,
 * so a long run of small groups costs linear time, not cubic.
 */
function findCardsInGroups(
  groups: readonly { start: number; end: number; digits: string }[],
  from: number,
  to: number,
  spans: Span[],
): void {
  let best: { a: number; b: number } | undefined;
  for (let a = from; a < to; a++) {
    let digits = '';
    for (let b = a; b < to && digits.length + groups[b].digits.length <= 19; b++) {
      digits += groups[b].digits;
      if (best && b - a <= best.b - best.a) continue;
      if (digits.length >= 13 && luhnValid(digits) && plausibleIssuer(digits)) best = { a, b };
    }
  }
  if (!best) return;
  const start = groups[best.a].start;
  const end = groups[best.b].end;
  if (!overlaps(spans, start, end)) spans.push({ start, end, kind: 'CARD' });
  findCardsInGroups(groups, from, best.a, spans);
  findCardsInGroups(groups, best.b + 1, to, spans);
}

// ---------------------------------------------------------------------------------------------
// Phones. libphonenumber-js finds and validates against each country's numbering plan
// (default country Italy, any country when written with +/00). On top of that:
//  - never inside a date, a time or an amount;
//  - a preceding keyword ("ordine", "n.", "#") changes nothing: a valid number is redacted.

const PROTECTED_RES = [
  /(?<!\d)\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})(?!\d)/g, // 12/03/2024, 3.12.24
  /(?<!\d)\d{4}[/.-]\d{1,2}[/.-]\d{1,2}(?!\d)/g, // 2024-03-12
  /(?<![\d.,])\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?![\d.,])/g, // 14:30, 14.30
  /(?:[€$£]|\b(?:eur|euro|usd|gbp)\b)\s?\d[\d.,]*|\d[\d.,]*\s?(?:[€$£]|(?:eur|euro|euros|dollari|dollars)\b)/gi, // amounts
];

const NANP_RE = /(?<![\p{L}\p{N}+])(?:\(\d{3}\)\s?|\d{3}[-.])\d{3}[-.]\d{4}(?![\p{L}\p{N}])/gu;

function findPhones(text: string, spans: Span[]): void {
  const protectedSpans: { start: number; end: number }[] = [];
  for (const re of PROTECTED_RES) {
    for (const m of text.matchAll(re)) protectedSpans.push({ start: m.index, end: m.index + m[0].length });
  }
  const accept = (start: number, end: number): void => {
    if (isAlnumAt(text, start - 1) || isAlnumAt(text, end)) return; // inside a code like AB3331234567
    if (overlaps(spans, start, end) || overlaps(protectedSpans, start, end)) return;
    spans.push({ start, end, kind: 'PHONE' });
  };
  for (const f of findPhoneNumbersInText(text, { defaultCountry: 'IT' })) accept(f.startsAt, f.endsAt);
  // North-American national formats, "(415) 555-2671", which the Italian default cannot parse.
  for (const m of text.matchAll(NANP_RE)) {
    if (parsePhoneNumberFromString(m[0], 'US')?.isValid()) accept(m.index, m.index + m[0].length);
  }
}

// ---------------------------------------------------------------------------------------------

/** Anything that could be PII has a digit or an '@' (or a spelled-out "at"); most comments have neither. */
const MAYBE_PII_RE = /\d|@|\(at\)|\[at\]|\sat\s|chiocciola/i;

export function redactPii(text: string): Redaction {
  if (!MAYBE_PII_RE.test(text)) return { text, found: [] };
  const spans: Span[] = [];
  findEmails(text, spans);
  if (/\d/.test(text)) {
    findIbans(text, spans);
    findCodiciFiscali(text, spans);
    findCards(text, spans);
    if ((text.match(/\d/g) ?? []).length >= 6) findPhones(text, spans);
  }
  if (spans.length === 0) return { text, found: [] };
  spans.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  const found: PiiKind[] = [];
  for (const s of spans) {
    out += `${text.slice(at, s.start)}[${s.kind}]`;
    at = s.end;
    if (!found.includes(s.kind)) found.push(s.kind);
  }
  return { text: out + text.slice(at), found };
}
