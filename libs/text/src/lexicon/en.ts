/**
 * English sentiment lexicon for customer feedback. General English comes from AFINN-165 (the
 * `sentiment` package's data, see sentiment.ts); these entries add contact-centre vocabulary and
 * override AFINN where its general-purpose scores mislead in service feedback ("charged" -3,
 * "help" +2, "like" +2, "want" +1, "please" +1, "joke" +2, "pay" -1).
 */
import { QUANTITIES } from './quantities';
import type { SentimentLexicon } from './types';

export const EN_LEXICON: SentimentLexicon = {
  // prettier-ignore
  words: {
    // AFINN overrides: neutral in service feedback.
    like: 0, want: 0, yes: 0, pay: 0, please: 0, sorry: 0, hope: 0.5, kind: 2, pretty: 0, cancel: 0,
    cancelled: -0.5, charged: -1, charges: -1, joke: -2, clearly: 0, support: 0, supported: 0, care: 0,
    cares: 0, interest: 0, promise: 0, promised: 0, favor: 0, favour: 0, reach: 0, matter: 0, share: 0,
    huge: 0, big: 0, true: 0, cut: 0, limited: 0, demand: 0, miss: -1, missed: -1, refund: [0, -2],
    explain: 0, rise: 0, fix: 0, transfer: 0, transfers: 0, credit: 0, refunds: 0, luck: 0, wish: 0, apology: 0,
    complain: [-1.5, 2], complained: -1.5, complaining: -1.5, complaint: [-1, 2], complaints: [-1, 2],
    fault: [-1.5, 2], faults: -1.5, grumble: [-1, 2], quibble: [-1, 2],
    authorised: [0, -2.5], authorized: [0, -2.5], unauthorised: -2.5, unauthorized: -2.5,
    // Staff attitude and competence
    rude: -3, rudeness: -3, impolite: -3, disrespectful: -3, condescending: -3, arrogant: -3,
    unfriendly: -2, dismissive: -2, patronising: -2, patronizing: -2, polite: 2, courteous: 2,
    friendly: 2, lovely: 3, patient: 1.5, impatient: -2, attentive: 2, respectful: 2, helpful: 2,
    unhelpful: -2.5, knowledgeable: 2, clueless: -2.5, competent: 2, incompetent: -3, professional: 2,
    unprofessional: -2.5, efficient: 2, inefficient: -2, understanding: 1.5, empathetic: 2, caring: 2,
    // Outcomes that matter when they do (or do not) happen
    help: [0, -2], helped: [2, -2], sorted: [1.5, -2], fixed: [1.5, -2], resolved: [2, -2.5],
    resolve: [1, -2.5], solved: [2, -2.5], work: [0, -2.5], works: [0.5, -2.5], worked: [0.5, -2.5],
    working: [0, -2.5], arrived: [0, -2], arrive: [0, -2], delivered: [0, -2], received: [0, -2],
    reply: [0, -2], replies: [0, -2], replied: [0.5, -2], answer: [0, -2], answered: [0.5, -2],
    respond: [0, -2], responded: [0.5, -2], response: [0, -1.5], explained: [1, -1.5],
    explanation: [0, -1.5], listened: [1, -2], understood: [1, -1.5], know: [0, -1.5],
    knew: [0, -1.5], idea: [0, -1.5], clue: [0, -1.5], notice: [0, -1.5], warning: [0, -1],
    accepted: [0.5, -2], refunded: [1, -2], processed: [0.5, -1.5], described: [0, -2],
    called: [0, -1], kept: [0, -1], problem: [-2, 1], problems: [-2, 1], issue: [-1.5, 1],
    issues: [-1.5, 1], hassle: [-2, 1.5], came: [0, -2], come: [0, -1.5], tell: [0, -2], telling: [0, -2],
    told: [0, -1.5], got: [0, -1.5], submit: [0, -2], submits: [0, -2], load: [0, -2], loads: [0, -2],
    open: [0, -1.5], opens: [0, -1.5], connect: [0, -2], connects: [0, -2], access: [0, -2], login: [0, -2],
    communication: [0, -2], contacted: [0, -2], contacting: [0, -2], update: [0, -1.5], updates: [0, -1.5],
    news: [0, -1.5],
    // Supplies and lines: neutral until something says they are missing ("no signal", "without power").
    internet: [0, -2.5], broadband: [0, -2.5], wifi: [0, -2.5], signal: [0, -2.5], reception: [0, -2],
    power: [0, -2.5], electricity: [0, -2.5], gas: [0, -2.5], water: [0, -2], heating: [0, -2.5],
    connection: [0, -2.5],
    // Speed and ease
    quick: 1.5, quickly: 1.5, fast: 1.5, prompt: 2, promptly: 2, speedy: 2, swift: 2, swiftly: 2,
    early: 1, easy: 1.5, simple: 1, smooth: 2, seamless: 2, painless: 2, slow: -2, slowly: -1.5,
    late: -2, delayed: -2, delay: -2, delays: -2, forever: -1.5, ages: -1.5, endless: -2,
    waited: -1, waiting: -0.5,
    // Service failures
    stuck: -2, broken: -2, broke: -2, damaged: -2, faulty: -2, defective: -2, soaked: -1.5, wet: -1,
    missing: -2, lost: -2, wrong: -2, crash: -2, crashes: -2, crashing: -2, crashed: -2, glitchy: -2,
    buggy: -2, laggy: -2, confusing: -2, useless: -3, pointless: -2, nightmare: -3, shambles: -3,
    appalling: -3, dreadful: -3, shocking: -2.5, ridiculous: -2, unacceptable: -3, disgraceful: -3,
    disappointed: -2, disappointing: -2, frustrated: -2, frustrating: -2, unresolved: -2,
    dropped: -1.5, disconnected: -2, transferred: -0.5, shabby: -2, hiccup: -1, hiccups: -1,
    nowhere: -2, chase: -1.5, chasing: -1.5, chased: -1.5, estimated: -1, doubled: -1.5, tripled: -2,
    // Price
    expensive: -1.5, overpriced: -2.5, pricey: -1.5, overcharged: -3, fees: -1, unexpected: -1,
    hidden: -1, affordable: 2, value: 1, cheap: 0,
    // Positive
    recommend: 2, recommended: 2, impressed: 2, excellent: 3, superb: 3, outstanding: 3, brilliant: 3,
    fantastic: 3, amazing: 3, perfect: 3, great: 3, good: 2.5, fine: 1.5, ok: 1, okay: 1, decent: 1.5,
    meh: -1, well: 1, satisfied: 2, happy: 2.5, pleased: 2, delighted: 3, spot: 0, sharp: 1.5,
    straightforward: 1.5, genius: 2, bravo: 2, organised: 1.5, organized: 1.5, disorganised: -2,
    disorganized: -2, reasonable: 1.5, unreasonable: -2, declined: -2, vanished: -2, disappeared: -2,
    finished: [0.5, -2], finishing: [0, -2], completed: [0.5, -2], settled: [1, -2], approved: [1.5, -2],
  },
  // prettier-ignore
  phrases: {
    'hung up': -3, 'hung up on me': -3.5, 'hang up': -2, 'cut off': -2, 'got cut off': -2.5,
    'went dead': -2.5, 'line went dead': -2.5, 'call dropped': -2.5, 'dropped the call': -2.5,
    'waited forever': -3, 'took ages': -2.5, 'took forever': -2.5, 'on hold for ages': -3,
    'hold music': -0.5, 'passed around': -2, 'passed from pillar to post': -3, 'bounced around': -2,
    'start over': -1.5, 'start again': -1.5, 'repeat myself': -1.5, 'still waiting': -2,
    'sorted it quickly': 3, 'sorted it': 2, 'sorted out': 2, 'on time': 1.5, 'well packaged': 2,
    'nothing special': -1, 'never again': -3, 'no problem': 1.5, 'no problems': 1.5, 'no issues': 1.5,
    'no issue': 1.5, 'want my money back': -2.5, 'money back': -1, 'went up': -1.5, 'price increase': -1.5,
    'would like': 0, 'id like': 0, 'i like': 2, 'we like': 2, 'really like': 2, 'i love': 3,
    'thanks for nothing': -3, 'customer service': 0, 'not bad': 1.5, 'not as described': -2.5,
    'spot on': 3, 'above and beyond': 3, 'went the extra mile': 3,
    'waste of time': -3, 'waste of money': -3, 'one department to another': -2,
    'thank you so much': 2.5, 'thanks so much': 2.5,
    'many thanks': 2, 'thanks a lot': 2, 'thanks a million': 2.5, 'could have been better': -1.5,
    'room for improvement': -1, 'on hold': -1, 'kept me waiting': -2, 'kept me on hold': -2,
    // Things that were meant to happen: neutral, a complaint when they did not.
    'showed up': [0, -2.5], 'show up': [0, -2.5], 'shown up': [0, -2.5], 'turned up': [0, -2.5],
    'turn up': [0, -2.5], 'no show': -2.5, 'no shows': -2.5, 'dial tone': [0, -2.5], 'hot water': [0, -2.5],
    'phone line': [0, -2.5], 'log in': [0, -2], 'go through': [0, -2], 'get through': [0, -2],
    'asked for': [0, -2],
    // Failure reports with no opinion word.
    'log me out': -2, 'logs me out': -2, 'logged me out': -2, 'logging me out': -2, 'kicks me out': -2,
    'kicked me out': -2, 'still nothing': -2.5, 'nothing yet': -2.5, 'got nowhere': -2.5,
    'getting nowhere': -2.5, 'round in circles': -2, 'in circles': -2, 'something different': -2,
    'different answer': -2, 'different answers': -2, 'different story': -2, 'same story': -1.5,
    'estimated bill': -1.5, 'estimated reading': -1.5, 'tried hard': 1.5, 'tried their best': 2,
    'did their best': 2, 'did his best': 2, 'did her best': 2, 'too long': -2, 'took longer': -1.5, 'longer than expected': -1.5, 'old address': -1.5,
    'found out': -1, 'price rise': -1.5, 'price hike': -2, 'down again': -2, 'is down': -1.5,
    'was down': -1.5, 'been down': -2, 'was told': -1, 'were told': -1, 'was promised': -1.5,
    'were promised': -1.5, 'they said': -1, 'count for nothing': -2, 'counts for nothing': -2,
    // Litotes: a negated opposite ("couldn't have been easier", "can't complain").
    'asked for more': [0, 2.5], 'asked for better': [0, 2.5], 'asked for a better': [0, 2.5],
    'ask for more': [0, 2.5], 'been easier': [-1.5, 2.5], 'been better': [-1.5, 2.5],
    'been happier': [-1.5, 2.5], 'been smoother': [-1.5, 2.5], 'been quicker': [-1.5, 2.5],
    // Ratings and intentions.
    '5 stars': 2, 'five stars': 2, '5 star': 2, 'five star': 2, 'zero stars': -3, '0 stars': -3,
    'negative stars': -3, 'one star': -2, '1 star': -2, 'use them again': 2, 'use again': 2,
    'buy again': 2, 'order again': 2, 'in no time': 1.5, 'got there in the end': 2, 'got there': 1,
    // Sarcastic set phrases.
    'thanks a bunch': -1.5, 'amazing how': -2, 'impressive how': -2, 'funny how': -1.5,
    'would it kill you': -2, 'as if': -1, 'for nothing': -2, 'gets you nothing': -2,
    'nothing to write home about': -1.5, 'rocket scientist': 2, 'back to square one': -2,
    'back to the start': -1.5, 'missed appointment': -2, 'double charged': -2, 'charged double': -2,
    'logs out': -1.5, 'logged out': -1.5, 'doing the same thing': -2, 'the same problem': -1,
    'paid in full': 2, 'paid out': 1.5, 'came back': [0, -1], 'fault came back': -2,
    'problem came back': -2, 'issue came back': -2,
    // Courtesy and requests that only look conditional.
    'if possible': 0, 'if you can': 0, 'would be grateful': 0, 'would appreciate': 0,
  },
  // prettier-ignore
  negators: [
    'not', 'no', 'never', 'nobody', 'nothing', 'none', 'neither', 'nor', 'without', 'hardly', 'barely',
    'cannot', 'cant', 'dont', 'doesnt', 'didnt', 'isnt', 'wasnt', 'werent', 'arent', 'wont', 'wouldnt',
    'couldnt', 'shouldnt', 'havent', 'hasnt', 'hadnt', 'aint', 'no one', 'not at all', 'zero',
  ],
  // prettier-ignore
  longNegators: [
    'not what id call', 'not what i would call', 'not what youd call', 'hardly what id call',
    'wouldnt call', 'would not call', 'wouldnt say', 'would not say', 'cant say', 'cannot say',
    'wouldnt describe', 'would not describe', 'not what youd expect', 'not what i expected',
  ],
  negationTransparent: [
    'a',
    'an',
    'the',
    'exactly',
    'really',
    'quite',
    'that',
    'particularly',
    'overly',
    'all',
  ],
  negationCarriers: ['able', 'managed', 'manage', 'bother', 'bothered'],
  weakNegators: [],
  // prettier-ignore
  modifiers: {
    very: 1.5, really: 1.4, so: 1.3, extremely: 1.8, incredibly: 1.8, totally: 1.5, absolutely: 1.6,
    completely: 1.5, utterly: 1.8, super: 1.6, truly: 1.4, highly: 1.5, definitely: 1.3, too: 1.3,
    pretty: 1.2, quite: 0.9, fairly: 0.8, 'a bit': 0.6, 'a little': 0.6, slightly: 0.6, somewhat: 0.7,
    'kind of': 0.7, 'sort of': 0.7, way: 1.3, 'way too': 1.6, 'too much': 1.5,
  },
  modifierAlone: { super: 2, 'too much': -1.5, 'way too': -1, too: 0, way: 0 },
  // "yet"/"though" are left out: as adverbs ("not delivered yet") they mark no contrast.
  contrast: ['but', 'however'],
  politeness: ['thanks', 'thank you', 'thank', 'cheers', 'regards', 'hello', 'hi', 'thanks again'],
  problems: ['problem', 'problems', 'issue', 'issues', 'fault', 'faults', 'error', 'errors', 'glitch'],
  resolvers: ['resolved', 'solved', 'fixed', 'sorted', 'resolve', 'solve', 'fix'],
  // "again" alone is left out: "please call again" is a request.
  // prettier-ignore
  persistence: {
    still: -1.5, yet: -1, 'once again': -1.5, 'yet again': -2, 'all over again': -1.5, keeps: -1.5,
    'every time': -1, 'each time': -1,
  },
  // prettier-ignore
  concessive: [
    'although', 'even though', 'even if', 'even with', 'despite', 'in spite of', 'apart from',
    'except for', 'aside from', 'other than', 'if a bit', 'if a little', 'if slightly', 'albeit', 'besides',
  ],
  concessiveInitial: ['while', 'whilst', 'though'],
  // prettier-ignore
  summary: [
    'overall', 'all in all', 'in the end', 'at the end of the day', 'on the whole', 'anyway',
    'despite everything', 'despite it all',
  ],
  // prettier-ignore
  irrealis: {
    'would be': 0, 'itd be': 0, 'would have': 0, 'wouldve': 0, 'would of': 0, 'id have': 0,
    'could have': 0, 'couldve': 0, 'could of': 0, 'should have': -1, 'shouldve': -1, 'should of': -1,
    'supposed to': -1, 'youd think': -1, 'you would think': -1, 'id expect': -1, 'i would expect': -1,
    'would have expected': -1, 'would have liked': -1.5, 'would have preferred': -1.5, 'would help': -1, 'if only': -1,
    'i wish': -1, 'wish i': -1,
  },
  conditionals: ['if', 'in case'],
  counterfactual: ['were', 'werent', 'was', 'wasnt', 'did', 'didnt', 'could', 'couldnt', 'knew'],
  pastCounterfactual: ['had', 'hadnt', 'id'],
  hypotheticalSubjects: ['a', 'an', 'any'],
  trailingContrast: ['though'],
  counterfactualNegators: ['without'],
  // prettier-ignore
  modalPhrases: [
    'could have been better', 'been easier', 'been better', 'been happier', 'been smoother', 'been quicker',
    'asked for more', 'asked for better', 'asked for a better', 'ask for more', 'zero stars', '0 stars',
    'negative stars', 'one star', '1 star', 'use them again', 'use again', 'buy again', 'order again', 'would it kill you',
  ],
  // prettier-ignore
  ironyMarkers: {
    'said no one ever': -2, 'said nobody ever': -2, 'said no one': -2, 'said nobody': -2, 'said noone': -2,
    'until you': 0, 'if you like': -1.5, 'if you enjoy': -1.5, 'if you love': -1.5,
  },
  emptyHanded: ['nothing'],
  // prettier-ignore
  statusWords: [
    'processed', 'processing', 'pending', 'review', 'delivered', 'dispatched', 'resolved', 'escalated',
    'progress', 'investigating', 'investigation', 'transit', 'scheduled',
  ],
  quantities: QUANTITIES.en,
};
