/**
 * The score values Inspect's scorers use, shared by scorers, metrics and reducers.
 * @module
 */

/** The answer is correct (converts to 1). */
export const CORRECT = 'C';
/** The answer is incorrect (converts to 0). */
export const INCORRECT = 'I';
/** The answer is partly correct (converts to 0.5). */
export const PARTIAL = 'P';
/** There was no answer (converts to 0). */
export const NOANSWER = 'N';
