/**
 * Italian / English / undetermined, for routing a comment to the right lexicon and taxonomy.
 *
 * tinyld alone is unreliable on one- or two-word comments ("Attesa infinita", "Not bad" come
 * back empty) and is the slowest step here, so we first score cheap evidence: frequent
 * function and service words of each language and word shape (accents, -zione/-mente endings vs
 * -ing/-ed/-ly, final vowels). A clear margin decides; otherwise tinyld's it/en scores are added.
 * 'und' means the evidence stayed too thin or balanced (emoji only, "ok", "top", a bare number).
 */
import { detectAll } from 'tinyld';
import afinn from 'sentiment/languages/en/labels.json';
import { EN_LEXICON } from './lexicon/en';
import { IT_LEXICON } from './lexicon/it';
import { stem } from './tokenize';

export type Language = 'it' | 'en' | 'und';

// Words seen constantly in feedback and rare in the other language. Ambiguous ones ("a", "in",
// "no", "me", "come", "per", "e") are left out on purpose.
const IT_WORDS = new Set(
  (
    'il lo la gli le un una uno di del dello della dei degli delle al allo alla ai agli alle dal dalla ' +
    'dai dalle nel nello nella nei nelle sul sulla sui sulle che non ed con tra fra ho hai ha abbiamo ' +
    'avete hanno sono sei siamo era erano stato stata stati mi ti ci vi si ma anche molto tutto tutti ' +
    'tutta grazie ancora mai piu perche questo questa quello quella sempre dopo niente nessuno nessuna ' +
    'nulla ottimo ottima pessimo pessima buono buona servizio operatore operatrice consegna pacco ' +
    'ordine rimborso attesa bene male gentile gentili ciao buongiorno buonasera salve pero cosa quando ' +
    'dove essere fatto volte giorni minuti ore telefono chiamato vorrei sarebbe della avevo hanno ' +
    'corriere fattura bolletta cliente clienti assistenza problema problemi risolto tempi linea poco ' +
    'troppo prezzo qualita prodotto sito arrivato ricevuto richiesta personale veloce lento ritardo ' +
    'spedizione risposta chiamata addebito reso grazie boh mah'
  ).split(' '),
);

const EN_WORDS = new Set(
  (
    'the and is was were are be been to of my it its this that these those with for from on at by you ' +
    'your they them we our not never very have has had do does did didnt dont cant wont isnt wasnt ' +
    'hasnt havent will would could should what when where why how there their an or but so just only ' +
    'all thanks thank please great good bad service delivery order refund waited waiting wait hold ' +
    'agent staff helpful rude again still after before about any nobody nothing really too got get ' +
    'item parcel package arrived received customer quick quickly fast slow price money back time ' +
    'forever worst best excellent terrible awful lovely friendly'
  ).split(' '),
);

// Loanwords used in both languages carry no evidence.
const NEUTRAL = new Set(
  'ok okay app top super chat bug link web online email mail password login call center feedback smartphone router modem wifi sms pc tv internet shop account ticket tracking social manager bah'.split(
    ' ',
  ),
);

/**
 * The sentiment lexicons double as vocabularies, which is what rescues one-word comments
 * ("Perfetto", "Fantastic"): a word known to exactly one of them is evidence for that language.
 */
function vocabulary(words: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const w of words) if (/^\p{L}+$/u.test(w) && w.length > 2) out.add(w);
  return out;
}
const IT_VOCAB = vocabulary(Object.keys(IT_LEXICON.words));
const EN_VOCAB = vocabulary([...Object.keys(EN_LEXICON.words), ...Object.keys(afinn)]);
for (const w of [...IT_VOCAB]) {
  if (EN_VOCAB.has(w)) {
    IT_VOCAB.delete(w);
    EN_VOCAB.delete(w);
  }
}
// Stems catch the inflections the lists don't spell out ("cortesi", "disponibili", "crashed").
const IT_STEMS = new Set([...IT_VOCAB].map((w) => stem(w, 'it')));
const EN_STEMS = new Set([...EN_VOCAB].map((w) => stem(w, 'en')));

const IT_SHAPE =
  /(?:zione|zioni|mente|[ae]nt[ei]|issim[oaie]|[aeiou]mm[oaei]|[aiu]t[oaie]|gli[aeo]?|ch[ei]|[aeiou]zz[aoie])$/;
const EN_SHAPE = /(?:ing|ed|ly|tion|ness|ful|ous|less|[^aeiou]s|[wkyh]|th|ck)$|^(?:wh|th)|ee|oo|ou/;

/** Word-level evidence: > 0 for Italian, < 0 for English. */
function wordEvidence(word: string, accented: boolean): number {
  if (NEUTRAL.has(word)) return 0;
  if (IT_WORDS.has(word)) return 1;
  if (EN_WORDS.has(word)) return -1;
  if (IT_VOCAB.has(word)) return 1;
  if (EN_VOCAB.has(word)) return -1;
  if (word.length < 3) return 0;
  let e = accented ? 1 : 0;
  const it = IT_STEMS.has(stem(word, 'it'));
  const en = EN_STEMS.has(stem(word, 'en'));
  if (it !== en) e += it ? 0.7 : -0.7;
  if (IT_SHAPE.test(word)) e += 0.5;
  if (EN_SHAPE.test(word)) e -= 0.5;
  // Italian words end in a vowel far more often than English ones.
  if (/[aio]$/.test(word)) e += 0.3;
  else if (/[^aeioulnr]$/.test(word)) e -= 0.3;
  return e;
}

const WORD_RE = /\p{L}+/gu;
const STRIP_RE = /\[(?:EMAIL|PHONE|IBAN|CARD|CODICE_FISCALE)\]|https?:\/\/\S+|www\.\S+|\S+@\S+/g;

/** Minimum |evidence| to decide without tinyld, and to decide at all. */
const DECISIVE = 3;
const MINIMUM = 0.8;

export function detectLanguage(text: string): Language {
  const cleaned = text.replace(STRIP_RE, ' ');
  let evidence = 0;
  let italian = 0;
  let english = 0;
  let words = 0;
  for (const [raw] of cleaned.matchAll(WORD_RE)) {
    // Fold here rather than via tokenize(): we need to know whether the word had an accent.
    const folded = raw.normalize('NFD');
    const accented = folded.length !== raw.length && /[àèéìòù]/i.test(raw);
    const w = folded.replace(/\p{M}/gu, '').toLowerCase();
    const e = wordEvidence(w, accented);
    evidence += e;
    if (e > 0) italian += e;
    else english -= e;
    words++;
  }
  if (words === 0) return 'und';
  // Clear margin and a lopsided split: no need for the n-gram model.
  if (Math.abs(evidence) >= DECISIVE && Math.min(italian, english) * 3 <= Math.max(italian, english)) {
    return evidence > 0 ? 'it' : 'en';
  }
  let model = 0;
  for (const r of detectAll(cleaned, { only: ['it', 'en'] })) {
    model += r.lang === 'it' ? r.accuracy : -r.accuracy;
  }
  const combined = evidence + 3 * model;
  if (Math.abs(combined) < MINIMUM) return 'und';
  return combined > 0 ? 'it' : 'en';
}
