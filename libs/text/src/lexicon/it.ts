/**
 * Italian sentiment lexicon for customer feedback, curated by hand for contact-centre,
 * e-commerce and telco vocabulary; the general-purpose evaluative adjectives were picked from the
 * Pattern Italian lexicon (as shipped in @nlpjs/lang-it). That lexicon is not used wholesale: it
 * is keyed by stem and collides with everyday words ("noi" = -0.5, "prodotto" +0.67 via "prod",
 * "successo" +0.83, "pagare" -0.5), and mis-scores service words ("scortese" -0.25, "caro" +0.33).
 */
import { QUANTITIES } from './quantities';
import type { SentimentLexicon } from './types';

export const IT_LEXICON: SentimentLexicon = {
  // prettier-ignore
  words: {
    // Strongly positive
    ottimo: 3, ottima: 3, ottimamente: 3, eccellente: 3, eccezionale: 3, perfetto: 3, perfettamente: 2,
    fantastico: 3, meraviglioso: 3, splendido: 3, stupendo: 3, impeccabile: 3, straordinario: 3,
    favoloso: 3, magnifico: 3, strepitoso: 3, complimenti: 3, entusiasta: 3, felice: 3, adoro: 3,
    top: 2, bellissimo: 3, bravo: 2, bravi: 2, brava: 2, bello: 2, buono: 2, buon: 2, buona: 2,
    bene: 2, benissimo: 3, meglio: 1, migliorato: 1, bel: 2, complimentoni: 3, evviva: 2, plauso: 2,
    fenomenali: 2.5, genio: 2, geni: 2, finalmente: 1, decente: 1.5, fulmine: 2, fulmini: 2, scheggia: 2,
    schegge: 2, aquila: 2, aquile: 2, luminare: 2, sveglio: 1.5, sveglia: 1.5, svegli: 1.5, brilla: 2,
    brillano: 2, brillante: 2, liscio: 1.5, inesistente: -2.5, sparito: -2, sparita: -2, spariti: -2,
    scomparso: -2, scomparsa: -2, svanito: -2, sbloccato: [1.5, -2], sbloccata: [1.5, -2], sbloccare: [1, -2],
    sbloccarmi: [1, -2], liquidato: [1, -2], liquidata: [1, -2], approvato: [1.5, -2], approvata: [1.5, -2],
    finito: [0, -1.5], completato: [0.5, -2], terminato: [0, -1.5],
    // Staff attitude and competence
    gentile: 2, gentilezza: 2, cortese: 2, cordiale: 2, cordialita: 2, disponibile: 2, disponibilita: 1.5,
    simpatico: 2, educato: 2, paziente: 1.5, pazienza: 1, premuroso: 2, sorridente: 2, accogliente: 2,
    professionale: 2, professionalita: 2, competente: 2, competenza: 1.5, preparato: 2, preparata: 2,
    preparati: 2, esperto: 1.5, capace: 1.5, chiaro: 1, chiara: 1, chiarezza: 1.5, esauriente: 2,
    scrupoloso: 2, attento: 1, puntuale: 2, puntualita: 2, affidabile: 2, serieta: 2, onesto: 1.5,
    // Speed and ease
    veloce: 2, velocemente: 2, rapido: 2, rapida: 2, rapidamente: 2, rapidita: 2, tempestivo: 2,
    tempestivamente: 2, celere: 2, immediato: 1.5, subito: 1, efficiente: 2, efficienza: 2, efficace: 2,
    semplice: 1, facile: 1, comodo: 1.5, pratico: 1, intuitivo: 2, utile: 2, accurato: 2, curato: 2,
    preciso: 2, conveniente: 2, convenienza: 1.5, economico: 1, gratuito: 1, gratis: 1, accettabile: 1,
    adeguato: 1, ok: 1, soddisfatto: 2, soddisfatta: 2, soddisfatti: 2, soddisfazione: 2, contento: 2,
    contenta: 2, consigliato: 2, consiglio: 1.5, raccomando: 2, apprezzo: 2,
    apprezzato: 2, ringrazio: 2,
    // Outcomes that matter when they do (or do not) happen
    risolto: [2, -2.5], risolta: [2, -2.5], risolti: [2, -2.5], risolvere: [1, -2.5], risolve: [1, -2.5],
    soluzione: [1, -2], aiutato: [2, -2], aiutata: [2, -2], aiutare: [0.5, -2], aiuto: [0, -2],
    funziona: [0.5, -2.5], funzionano: [0.5, -2.5], funzionare: [0, -2.5], funzionante: 1,
    autorizzato: [0, -2.5], autorizzata: [0, -2.5], avvisato: [0, -1.5], avvisare: [0, -1.5],
    arrivato: [0, -2], arrivata: [0, -2], arrivati: [0, -2], arrivate: [0, -2], arrivare: [0, -1.5],
    consegnato: [0, -2], consegnata: [0, -2], ricevuto: [0, -2], ricevuta: [0, -2], ricevere: [0, -1.5],
    risposto: [0, -2], risposta: [0, -2], risponde: [0.5, -2.5], rispondono: [0.5, -2.5], rispondere: [0, -2],
    richiamato: [0.5, -2], richiamare: [0, -2], richiamarmi: [0, -2], riscontro: [0, -2],
    spiegazione: [0, -1.5], spiegazioni: [0, -1.5], spiegato: [1, -1.5], notizia: [0, -1.5], notizie: [0, -1.5],
    sapeva: [0, -2], sapevano: [0, -2], sapere: [0, -1], capito: [0.5, -2], ascoltato: [1, -2],
    rispettato: [0, -2], mantenuto: [0, -2], accettato: [0, -2], rimborsato: [0, -2],
    // "rispetto a" (compared to) is far more common than "rispetto" (respect).
    rispetto: 0,
    // "doveva richiamarmi": in a complaint, what was supposed to happen did not.
    doveva: -1, dovevano: -1,
    piace: [2, -2], piaciuto: [2, -2], piaciuta: [2, -2], problema: [-2, 1], problemi: [-2, 1],
    presentato: [0, -2.5], presentata: [0, -2.5], presentati: [0, -2.5], venuto: [0, -2], venuta: [0, -2],
    venuti: [0, -2], passato: [0, -1.5], sa: [0, -2], sanno: [0, -2], dirmi: [0, -2], spiegarmi: [0, -2],
    comunicazione: [0, -2], comunicazioni: [0, -2], preavviso: [0, -2], avviso: [0, -1.5], attivo: [0, -2],
    attiva: [0, -2], attivato: [0, -2], attivata: [0, -2], corretta: [1, -2], corretto: [1, -2],
    visto: [0, -1.5], visti: [0, -1.5], chiesto: [0, -2], riesco: [0, -2.5], riuscito: [0.5, -2.5],
    riuscita: [0.5, -2.5], riusciti: [0.5, -2.5], accedere: [0, -2], accesso: [0, -2], login: [0, -2],
    entrare: [0, -1.5], va: [0, -2], vanno: [0, -2], andare: [0, -2], parte: [0, -1.5], prende: [0, -2],
    carica: [0, -2], apre: [0, -2], accende: [0, -2], fatto: [0, -1.5], fanno: [0, -1.5],
    contattato: [0, -2], contattata: [0, -2], sentito: [0, -1.5], letto: [0, -1.5],
    lamentare: [-1, 2], lamentarmi: [-1, 2], lamento: [-1, 2], lamentela: [-1, 2], lamentele: [-1, 2],
    ridire: [0, 2], consiglierei: [2, -2.5], firmerei: [0.5, -2], rifarei: [1.5, -2], tornerei: [1.5, -2],
    ricomprerei: [1.5, -2], riacquisterei: [1.5, -2],
    // Supplies and lines: neutral until something says they are missing ("senza linea", "non c'è luce").
    linea: [0, -2.5], internet: [0, -2.5], connessione: [0, -2.5], segnale: [0, -2.5], campo: [0, -2],
    luce: [0, -2.5], corrente: [0, -2.5], gas: [0, -2.5], acqua: [0, -2], riscaldamento: [0, -2.5],
    fibra: [0, -2.5], adsl: [0, -2.5], wifi: [0, -2.5], telefono: [0, -2], rete: [0, -2],
    // "pratica" is a case file, "massimo" mostly "at most", "sollecito" mostly a reminder.
    pratica: 0, pratiche: 0, massimo: 0, sollecito: 0, solleciti: -1,
    // Strongly negative
    pessimo: -3, pessima: -3, pessimi: -3, pessimamente: -3, scadente: -3, orribile: -3, terribile: -3,
    tremendo: -3, disastro: -3, disastroso: -3, vergogna: -3, vergognoso: -3, vergognatevi: -3,
    scandaloso: -3, scandalo: -3, schifo: -4, schifoso: -4, indecente: -3, inaccettabile: -3,
    inammissibile: -3, assurdo: -2, ridicolo: -2, allucinante: -3, truffa: -4, truffatori: -4, ladri: -4,
    incubo: -3, delusione: -3, deluso: -3, delusa: -3, deludente: -3, insoddisfatto: -3, insoddisfatta: -3,
    arrabbiato: -3, furioso: -3, infuriato: -3, esasperato: -3, stufo: -3, stanco: -2, frustrante: -2,
    frustrato: -2, stress: -2, stressante: -2, fastidioso: -2, peggio: -2, peggiore: -3, peggiorato: -2,
    male: -2, malissimo: -3, purtroppo: -1, peccato: -1.5, mah: -1, uffa: -1.5, reclamo: -1,
    // Staff attitude and competence
    scortese: -3, scortesi: -3, scortesia: -3, maleducato: -3, maleducata: -3, maleducazione: -3,
    sgarbato: -3, arrogante: -3, arroganza: -3, antipatico: -2, insolente: -3, aggressivo: -2,
    irrispettoso: -3, supponente: -2, menefreghista: -3, svogliato: -2, incompetente: -3, incompetenti: -3,
    incompetenza: -3, impreparato: -2.5, impreparata: -2.5, impreparati: -2.5, incapace: -3, inutile: -2.5,
    superficiale: -2, approssimativo: -2, confuso: -1.5, confusione: -2, contraddittorie: -2,
    // Service failures
    lento: -2, lenta: -2, lentezza: -2, ritardo: -2, ritardi: -2, tardi: -1, attesa: -0.5, aspettato: -1,
    aspettare: -1, infinita: -1.5, infinito: -1.5, interminabile: -2, eterno: -1.5, biblici: -2,
    rotto: -2, rotta: -2, rottura: -2, guasto: -2, difettoso: -2, difetto: -2, danneggiato: -2,
    rovinato: -2, rovinata: -2, sbagliato: -2, sbagliata: -2, sbagliate: -2, errato: -2, errore: -2,
    problematico: -2, disservizio: -3, disagio: -2, disguido: -2, inconveniente: -1, bloccato: -2,
    bloccata: -2, blocca: -2, crash: -2, perso: -2, smarrito: -2, mancante: -2, rifiutato: -2,
    respinto: -2, fallito: -2, negato: -2, ignorato: -2, impossibile: -2, irraggiungibile: -3,
    complicato: -1, difficile: -1, caduta: -2, cade: -1.5, interrotta: -2, interrotto: -2, riattaccato: -2.5,
    rimpallato: -2, rimbalzato: -2, palleggiato: -2, trasferito: -0.5, fermo: -1.5, ferma: -1.5, fermi: -1.5,
    ferme: -1.5, saltata: -1.5, saltato: -1.5, salta: -1.5, spento: -1, spenta: -1, staccato: -2,
    staccata: -2, distacco: -2, sospeso: -2, sospesa: -2, singhiozzo: -2, intoppo: -1.5, intoppi: -1.5,
    problemino: -1, problemini: -1, difficolta: -1.5, ammaccato: -1.5, ammaccata: -1.5, ennesima: -2,
    ennesimo: -2, ennesime: -2, ennesimi: -2, stimata: -1, stimate: -1, stimato: -1, raddoppiato: -1.5,
    raddoppiata: -1.5, tardato: -1.5, rispiegare: -1.5, perdere: -2, perde: -2, perdono: -2, persa: -2,
    persi: -2, aspettando: -1.5,
    // General evaluative words (from Pattern's Italian lexicon, vetted)
    brutto: -2.5, brutta: -2.5, cattivo: -2.5, cattiva: -2.5, orrendo: -3, noioso: -1.5, mediocre: -1.5,
    insopportabile: -3, spiacevole: -2, fastidio: -2, odioso: -3, imbarazzante: -2.5, vergognosa: -3,
    indegno: -3, deplorevole: -3, squallido: -2.5, penoso: -2.5, pietoso: -2.5, disonesto: -3,
    scorretto: -2, scorrettezza: -2.5, ingiusto: -2, inaffidabile: -2.5, insufficiente: -2,
    insoddisfacente: -2.5, piacevole: 2, gradevole: 2, divertente: 1.5, geniale: 2.5, affabile: 2.5,
    amabile: 2, ospitale: 2, comprensivo: 2, sincero: 1.5, solerte: 2, esemplare: 2.5,
    ineccepibile: 3, inappuntabile: 3, soddisfacente: 1.5, eccezionali: 3, spettacolare: 3, mitico: 2.5,
    // Price
    caro: -1.5, cari: -1.5, costoso: -1.5, esoso: -2, salato: -1, eccessivo: -2, sproporzionato: -2,
    rincaro: -2, aumento: -1, nascosti: -2, addebitato: -0.5,
  },
  // prettier-ignore
  phrases: {
    'attesa infinita': -3, 'attese infinite': -3, 'tempi biblici': -3, 'lunga attesa': -2, 'attesa lunga': -2,
    'tempi di attesa lunghi': -2, 'linea caduta': -3, 'caduta la linea': -3, 'cade la linea': -3,
    'chiuso in faccia': -3, 'chiuso il telefono in faccia': -3, 'attaccato in faccia': -3,
    'mai piu': -3, 'niente di che': -1.5, 'mi aspettavo di piu': -2, 'cosi cosi': -0.5,
    'nella media': 0, 'per cortesia': 0, 'per favore': 0, 'tutto ok': 2, 'tutto bene': 2,
    'tutto perfetto': 3, 'nessun problema': 2, 'senza problemi': 2, 'doppio addebito': -2.5,
    'addebitato due volte': -2.5, 'sto ancora aspettando': -2, 'ancora in attesa': -2, 'da un mese': -1,
    'soldi indietro': -1.5, 'presi in giro': -3, 'preso in giro': -3, 'con sufficienza': -2,
    'informazioni sbagliate': -2.5, 'informazioni errate': -2.5, 'nessuno risponde': -2.5,
    'grazie mille': 1.5, 'grazie di cuore': 3, 'grazie davvero': 2, 'poteva andare meglio': -1.5,
    'potrebbe migliorare': -1, 'si puo fare di meglio': -1.5, 'da migliorare': -1, 'rapporto qualita prezzo': 0,
    'da un reparto all altro': -2, 'da un operatore all altro': -2, 'servizio clienti': 0, 'non male': 1.5,
    'il massimo': 2, 'al massimo': 0, 'loro forte': 2, 'suo forte': 2, 'punto forte': 2, 'va bene': 2,
    'va male': -2, 'in tempo': 1, 'di fatto': 0,
    // Failure reports with no opinion word.
    'da capo': -1.5, 'a vuoto': -2, 'ancora nulla': -2.5, 'ancora niente': -2.5, 'ancora zero': -2.5,
    'una cosa diversa': -2, 'cose diverse': -2, 'risposte diverse': -2, 'versioni diverse': -2,
    'lettura stimata': -1.5, 'bolletta stimata': -1.5, 'troppo tempo': -2, 'troppo lungo': -2, 'vecchio indirizzo': -1.5, 'mi avevano detto': -1.5,
    'mi avevano promesso': -1.5, 'avevano promesso': -1.5, 'mi era stato detto': -1.5,
    'mi e stato detto': -1, 'mi hanno assicurato': -1, 'mi avevano assicurato': -1.5,
    'non ci voleva': -2, 'da buttare': -2, 'tutto liscio': 2, 'fatto mancare': [-1.5, 2], 'fanno mancare': [-1.5, 2],
    'far mancare': [-1.5, 2], 'in grado': [1, -2.5], 'bolletta doppia': -2, 'doppia bolletta': -2, 'addebito doppio': -2,
    'pagato doppio': -2, 'punto di partenza': -1.5, 'stessa cosa': -1, 'dovrebbero imparare': -2,
    'dovreste imparare': -2, 'si e ripresentato': -2, 'si e ripresentata': -2, 'e tornato': [0, -1],
    // Litotes: a negated opposite ("non potevano fare di meglio", "non ho niente da ridire").
    'fare di meglio': [-1.5, 2.5], 'chiedere di meglio': [0, 2.5], 'chiedere di piu': [0, 2.5],
    'fare meglio': [-1, 2],
    // Ratings, sarcastic set phrases, courtesy that only looks conditional.
    '5 stelle': 2, 'cinque stelle': 2, 'zero stelle': -3, '0 stelle': -3, 'una stella': -2, 'mezza stella': -2,
    'incredibile come': -2, 'come se': -1.5, 'se possibile': 0, 'se potete': 0, 'se puoi': 0,
    'sarei grato': 0, 'sarei grata': 0, 'le sarei grato': 0,
  },
  // "ne" (né) is left out: as a clitic pronoun ("me ne sono andato") it is far more common.
  // prettier-ignore
  negators: [
    'non', 'mai', 'nessuno', 'nessuna', 'nessun', 'niente', 'nulla', 'neanche', 'nemmeno',
    'neppure', 'senza', 'manco', 'per niente', 'per nulla', 'affatto', 'zero',
  ],
  // prettier-ignore
  longNegators: [
    'non si puo dire che', 'non si puo dire', 'non posso dire che', 'non posso dire di', 'non direi che',
    'non direi', 'non e che', 'non lo definirei', 'non la definirei', 'non li definirei', 'non le definirei',
    'non chiamerei',
  ],
  // prettier-ignore
  negationTransparent: [
    'certo', 'mica', 'proprio', 'esattamente', 'affatto', 'davvero', 'poi', 'un', 'una', 'uno', 'il', 'lo',
    'la', 'i', 'gli', 'le', 'dei', 'degli', 'delle', 'del', 'della',
  ],
  negationCarriers: ['in grado', 'riuscito', 'riuscita', 'riusciti', 'riesco', 'riescono'],
  weakNegators: ['poco', 'poca', 'pochi', 'poche'],
  // prettier-ignore
  modifiers: {
    molto: 1.5, molta: 1.5, tanto: 1.4, troppo: 1.5, troppi: 1.5, troppa: 1.5, troppe: 1.5, davvero: 1.5,
    veramente: 1.5, proprio: 1.3,
    super: 1.6, estremamente: 1.8, assolutamente: 1.6, decisamente: 1.5, completamente: 1.5,
    totalmente: 1.5, particolarmente: 1.3, incredibilmente: 1.8, parecchio: 1.3, 'del tutto': 1.5,
    'un po': 0.6, abbastanza: 0.8, piuttosto: 1.1, leggermente: 0.6, quasi: 0.7,
  },
  modifierAlone: { super: 2, troppo: -1.5, troppi: -1.5, troppa: -1.5, troppe: -1.5, 'un po': 0, molto: 0 },
  contrast: ['ma', 'pero', 'tuttavia', 'peccato che', 'purtroppo pero'],
  politeness: ['grazie', 'cordiali saluti', 'saluti', 'buongiorno', 'buonasera', 'ciao', 'grazie ancora'],
  problems: [
    'problema',
    'problemi',
    'guasto',
    'guasti',
    'disservizio',
    'errore',
    'errori',
    'inconveniente',
    'disguido',
  ],
  resolvers: [
    'risolto',
    'risolta',
    'risolti',
    'risolte',
    'sistemato',
    'sistemata',
    'risolvere',
    'risolve',
    'sistemare',
  ],
  // prettier-ignore
  persistence: {
    ancora: -1.5, tuttora: -1.5, 'ancora una volta': -1.5, 'ancora adesso': -1.5, 'di nuovo': -1,
    'continua a': -1.5, 'continuano a': -1.5, 'ogni volta': -1, 'anche questo mese': -1.5,
  },
  // prettier-ignore
  concessive: [
    'anche se', 'nonostante', 'malgrado', 'sebbene', 'benche', 'pur', 'a parte', 'tranne', 'eccetto',
    'salvo', 'anche con', 'seppur', 'seppure', 'quantunque',
  ],
  concessiveInitial: [],
  // prettier-ignore
  summary: [
    'nel complesso', 'tutto sommato', 'alla fine', 'in fin dei conti', 'comunque', 'in ogni caso',
    'complessivamente', 'nonostante tutto',
  ],
  // "vorrei", "potrei" and "consiglierei" are requests and advice, not unreal conditions.
  // prettier-ignore
  irrealis: {
    sarebbe: 0, sarebbero: 0, sarei: 0, saremmo: 0, sareste: 0, avrei: 0, avresti: 0, avrebbe: 0,
    avremmo: 0, avreste: 0, avrebbero: 0, potrebbe: 0, potrebbero: 0, dovrebbe: 0, dovrebbero: 0,
    magari: 0, 'ci vorrebbe': -0.5, 'ci vorrebbero': -0.5, basterebbe: -0.5, bastava: -1.5,
    bastavano: -1.5, 'sarebbe bastato': -1.5, 'se solo': -1, 'mi aspettavo': -1,
    'mi sarei aspettato': -1.5, 'mi sarei aspettata': -1.5, 'avrei preferito': -1.5,
    'avrei voluto': -1.5, 'avrei dovuto': -1.5, 'avrebbe dovuto': -1, 'avrebbero dovuto': -1,
    'avrebbero potuto': -1, 'avreste potuto': -1, 'avreste dovuto': -1.5, 'un minimo di': -1,
    'vorrei solo che': -1,
  },
  conditionals: ['se', 'qualora', 'nel caso', 'in caso'],
  counterfactual: ['fosse', 'fossero', 'fossi', 'foste', 'fossimo'],
  pastCounterfactual: ['avesse', 'avessi', 'avessero', 'aveste', 'avessimo'],
  hypotheticalSubjects: ['un', 'una', 'uno', 'qualsiasi', 'qualunque'],
  trailingContrast: [],
  counterfactualNegators: ['senza'],
  // prettier-ignore
  modalPhrases: [
    'fare di meglio', 'chiedere di meglio', 'chiedere di piu', 'poteva andare meglio', 'si puo fare di meglio',
    'zero stelle', '0 stelle', 'una stella', 'mezza stella',
  ],
  // prettier-ignore
  ironyMarkers: {
    'detto nessuno': -2, 'disse nessuno': -2, 'finche non': 0, 'fino a quando non': 0, 'se ti piace': -1.5,
    'se vi piace': -1.5, 'se amate': -1.5, 'se ami': -1.5,
  },
  emptyHanded: ['per niente', 'per nulla', 'niente', 'nulla'],
  // prettier-ignore
  statusWords: [
    'lavorazione', 'elaborazione', 'carico', 'transito', 'verifica', 'gestione', 'consegnato', 'spedito',
    'risolto', 'attesa', 'corso', 'richiameremo', 'ricontatteremo',
  ],
  quantities: QUANTITIES.it,
};
