/**
 * Emoji and emoticon valences (AFINN scale) for the ones customers actually type in feedback.
 * Keys are folded the way the tokenizer folds them (no VS16, no skin tone). Anything missing here
 * falls back to the Emoji Sentiment Ranking data shipped with the `sentiment` package.
 */
// prettier-ignore
export const EMOJI_VALENCE: Readonly<Record<string, number>> = {
  '😡': -3, '🤬': -4, '😠': -3, '😤': -2, '😒': -2, '🙄': -2, '😞': -2, '😔': -2, '😟': -2, '🙁': -1.5,
  '☹': -1.5, '😕': -1.5, '😩': -2, '😫': -2, '😢': -2, '😭': -2.5, '😣': -2, '😖': -2, '🤦': -2,
  '👎': -2.5, '💩': -3, '🤮': -3, '🤢': -2, '😱': -1.5, '😬': -1, '❌': -1.5, '💔': -2.5,
  '😐': 0, '😑': -0.5, '😶': 0, '🤔': -0.5, '😅': 0, '😂': 0.5, '🤣': 0.5,
  '🙂': 1.5, '😊': 2.5, '☺': 2.5, '😀': 2.5, '😃': 2.5, '😄': 2.5, '😁': 2.5, '😆': 2, '😉': 1,
  '😍': 3, '🥰': 3, '😘': 2.5, '🤩': 3, '😎': 2, '👍': 2, '👌': 2, '👏': 2.5, '🙌': 2.5, '💪': 1.5,
  '🙏': 1, '❤': 3, '♥': 3, '💯': 2, '⭐': 1.5, '🌟': 2, '🎉': 2, '🔝': 2, '✅': 1,
  // Emoticons, as the tokenizer canonicalises them.
  ':)': 1.5, ':d': 2, ';)': 1, ':(': -1.5, ":'(": -2, ':/': -1, ':|': 0, '<3': 3, '>:(': -3,
};
