/**
 * Version of the engine code (the interpreter of rule data). A result names it beside the ruleset
 * version and hash. Bump it when the interpretation of the condition language or the shape of a
 * result changes; old rulesets must keep evaluating to the same results (see README.md).
 */
export const ENGINE_VERSION = '1.0.0';
