/**
 * Version of the engine code (the interpreter of rule data). A result names the version whose
 * interpretation and result shape it follows.
 *
 * 1.1.0 interprets schemaVersion 2 rule data (2026.12.1 on): one route asked at a time, questions
 * only where an answer can change the outcome, minimisation and obligations that wait for an answer
 * (asked once the decision stands), dated rules,
 * and a `citations` member beside every `sources` in the result. Results of schemaVersion 1 rule
 * data (2026.11.1) are built by unchanged code and keep naming 1.0.0, so that a recorded weighing
 * replays byte for byte (its digest covers the engine version it names).
 */
export const ENGINE_VERSION = '1.1.0';

/** The engine version of results of schemaVersion 1 rule data; never changes. */
export const LEGACY_ENGINE_VERSION = '1.0.0';
