export { analyzeComment, type AnalyzeOptions, type CommentAnalysis } from './analyze';
export { detectLanguage, type Language } from './language';
export { redactPii, isValidCodiceFiscale, luhnValid, type PiiKind, type Redaction } from './pii';
export { scoreSentiment } from './sentiment';
export { taxonomyProblems, type TaxonomyProblem } from './taxonomy-check';
export { detectThemes, DEFAULT_TAXONOMY, type ThemeDefinition, type ThemeTaxonomy } from './themes';
