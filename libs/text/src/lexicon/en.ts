/**
 * English sentiment lexicon for customer feedback. General English comes from AFINN-165 (the
 * `sentiment` package's data, see sentiment.ts); these entries add contact-centre vocabulary and
 * override AFINN where its general-purpose scores mislead in service feedback ("charged" -3,
 * "help" +2, "like" +2, "want" +1, "please" +1, "joke" +2, "pay" -1).
 */
import type { SentimentLexicon } from './types';

export const EN_LEXICON: SentimentLexicon = {
  // prettier-ignore
  words: {
    // AFINN overrides: neutral in service feedback.
    like: 0, want: 0, yes: 0, pay: 0, please: 0, sorry: 0, hope: 0.5, kind: 2, pretty: 0, cancel: 0,
    cancelled: -0.5, charged: -1, charges: -1, joke: -2, clearly: 0, support: 0, supported: 0, care: 0,
    cares: 0, interest: 0, promise: 0, promised: 0, favor: 0, favour: 0, reach: 0, matter: 0, share: 0,
    huge: 0, big: 0, true: 0, cut: 0, limited: 0, demand: 0, miss: -1, missed: -1,
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
    issues: [-1.5, 1], hassle: [-2, 1.5],
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
    dropped: -1.5, disconnected: -2, transferred: -0.5, complaint: -1,
    // Price
    expensive: -1.5, overpriced: -2.5, pricey: -1.5, overcharged: -3, fees: -1, unexpected: -1,
    hidden: -1, affordable: 2, value: 1, cheap: 0,
    // Positive
    recommend: 2, recommended: 2, impressed: 2, excellent: 3, superb: 3, outstanding: 3, brilliant: 3,
    fantastic: 3, amazing: 3, perfect: 3, great: 3, good: 2.5, fine: 1.5, ok: 1, okay: 1, decent: 1.5,
    meh: -1, well: 1, satisfied: 2, happy: 2.5, pleased: 2, delighted: 3, spot: 0,
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
    'waste of time': -3, 'waste of money': -3, 'one department to another': -2, 'was supposed to': -1,
    'were supposed to': -1, 'should have': -1, 'thank you so much': 2.5, 'thanks so much': 2.5,
    'many thanks': 2, 'thanks a lot': 2, 'thanks a million': 2.5, 'could have been better': -1.5,
    'room for improvement': -1, 'on hold': -1, 'kept me waiting': -2, 'kept me on hold': -2,
  },
  // prettier-ignore
  negators: [
    'not', 'no', 'never', 'nobody', 'nothing', 'none', 'neither', 'nor', 'without', 'hardly', 'barely',
    'cannot', 'cant', 'dont', 'doesnt', 'didnt', 'isnt', 'wasnt', 'werent', 'arent', 'wont', 'wouldnt',
    'couldnt', 'shouldnt', 'havent', 'hasnt', 'hadnt', 'aint', 'no one', 'not at all',
  ],
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
  politeness: ['thanks', 'thank you', 'thank', 'cheers', 'regards', 'hello', 'hi'],
  problems: ['problem', 'problems', 'issue', 'issues', 'fault', 'faults', 'error', 'errors', 'glitch'],
  resolvers: ['resolved', 'solved', 'fixed', 'sorted', 'resolve', 'solve', 'fix'],
};
