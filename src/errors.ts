/**
 * Domain errors: what a service or repository reports when a request cannot be carried out for a
 * reason the caller can act on. They carry no HTTP status and no framework type; the HTTP layer
 * maps each class once, by `instanceof` (src/http/plugins/error-handler.ts), to an RFC 9457
 * problem. Anything else thrown is a bug or an outage, never shown to the caller as it is.
 *
 * Messages are our own words: a domain error never quotes a submitted value.
 */

/** The base of every error the caller can act on. */
export abstract class DomainError extends Error {}

/** Something the caller named does not exist, or belongs to another organisation (404). */
export class NotFoundError extends DomainError {
  /** `what` is a noun phrase: "assessment", "API key". */
  constructor(readonly what: string) {
    super(`${what} not found`);
    this.name = 'NotFoundError';
  }
}

/** One field of the request breaks a rule only the service can check (400, naming the field). */
export class InvalidFieldError extends DomainError {
  constructor(
    readonly location: 'body' | 'query' | 'path',
    readonly field: string,
    readonly reason: string,
    readonly code = 'invalid_value',
  ) {
    super(reason);
    this.name = 'InvalidFieldError';
  }
}

/**
 * A follow-up records sharing the weighing did not advise as `information_shared` (422, naming
 * the categories): sharing against the advice is recorded as `shared_despite_advice`, with the
 * professional's motivation.
 */
export class EventAgainstAdviceError extends DomainError {
  constructor(
    /** The categories named that the weighing did not say to share (vocabulary codes). */
    readonly categories: readonly string[],
    /** True when the weighing did not allow sharing at all (not_allowed, needs_more_information). */
    readonly nothingAdvised: boolean,
  ) {
    super('sharing against the advice of the weighing');
    this.name = 'EventAgainstAdviceError';
  }
}

/** An access grant the service cannot give as asked. */
export class GrantRequestError extends InvalidFieldError {
  constructor(field: 'granteeOrganisationId' | 'expiresAt', reason: string) {
    super('body', field, reason);
    this.name = 'GrantRequestError';
  }
}

/** A bulk export range the service does not serve. */
export class ExportRangeError extends InvalidFieldError {
  constructor(field: 'from' | 'to', reason: string) {
    super('query', field, reason, 'invalid_range');
    this.name = 'ExportRangeError';
  }
}

/**
 * One field of the request is well-formed but asks for something the domain's rules do not allow
 * (422, naming the field): a consent the wrong person gave, a term beyond the maximum.
 */
export class UnprocessableFieldError extends DomainError {
  constructor(
    readonly location: 'body' | 'query' | 'path',
    readonly field: string,
    readonly reason: string,
    readonly code = 'invalid_value',
  ) {
    super(reason);
    this.name = 'UnprocessableFieldError';
  }
}

/** A consent the registry cannot register as it is described. */
export class ConsentRequestError extends UnprocessableFieldError {
  constructor(field: string, reason: string) {
    super('body', field, reason);
    this.name = 'ConsentRequestError';
  }
}

/** A weighing's reference to a registered consent that cannot be used. */
export class ConsentReferenceError extends UnprocessableFieldError {
  constructor(field: string, reason: string) {
    super('body', field, reason, 'invalid_consent_reference');
    this.name = 'ConsentReferenceError';
  }
}

/** The request conflicts with the state of what it names (409); `detail` says how. */
export class ConflictError extends DomainError {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'ConflictError';
  }
}

/** A consent is withdrawn once. */
export class ConsentAlreadyWithdrawnError extends ConflictError {
  constructor() {
    super('This consent is already withdrawn; a consent is withdrawn once.');
    this.name = 'ConsentAlreadyWithdrawnError';
  }
}

/**
 * A replay asked for a record the chain does not confirm: the entry an Idempotency-Key completion
 * names is missing, of another kind, altered, or not the record of this request.
 */
export class ReplayRecordError extends DomainError {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'ReplayRecordError';
  }
}

/** The service is at capacity for this kind of work: the caller should retry later (503). */
export class CapacityError extends DomainError {
  constructor(
    message = 'the audit trail is at capacity',
    /** Seconds the caller should wait before retrying. */
    readonly retryAfterSeconds = 2,
  ) {
    super(message);
    this.name = 'CapacityError';
  }
}

/** Every bulk export connection is in use. */
export class ExportCapacityError extends CapacityError {
  constructor() {
    super('all export connections are in use', 60);
    this.name = 'ExportCapacityError';
  }
}

/** A transparency-log proof asked for beyond the log or with impossible sizes (400, naming the field). */
export class ProofRequestError extends InvalidFieldError {
  constructor(field: 'leafIndex' | 'treeSize' | 'from' | 'to', reason: string) {
    super('query', field, reason, 'out_of_range');
    this.name = 'ProofRequestError';
  }
}

/**
 * No checkpoint covering a dossier's entries carries the witness cosignatures the policy requires
 * yet, typically because the witnesses cannot be reached (503: the caller retries later).
 */
export class CosignatureThresholdError extends DomainError {
  constructor(
    readonly required: number,
    readonly found: number,
  ) {
    super(`the checkpoint has ${found} of the ${required} witness cosignatures required`);
    this.name = 'CosignatureThresholdError';
  }
}

/**
 * The service cannot start because of something the person starting it can fix (a port in use, a
 * database out of reach, a directory the database user cannot enter). The message says what and
 * how to fix it; it is printed as it is, without a stack trace, and never holds a secret.
 */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}

/** A grant that can no longer be accepted: revoked or expired. */
export class GrantStateError extends ConflictError {
  constructor(readonly state: 'revoked' | 'expired') {
    super(`This access grant is ${state} and can no longer be accepted.`);
    this.name = 'GrantStateError';
  }
}

/**
 * The bootstrap key is managed by AUTH_BOOTSTRAP_KEY: revoked over the API, it made the next start
 * fail. Changing the variable rotates it (the previous one is revoked then).
 */
export class BootstrapKeyError extends ConflictError {
  constructor() {
    super(
      'This is the bootstrap key, managed by AUTH_BOOTSTRAP_KEY: it cannot be revoked over the API. ' +
        'Set a new AUTH_BOOTSTRAP_KEY and restart to rotate it (the previous one is then revoked).',
    );
    this.name = 'BootstrapKeyError';
  }
}

/** An API key the service cannot create as asked (400 over the API, a message in the CLI). */
export class ApiKeyRequestError extends InvalidFieldError {
  constructor(field: 'expiresAt', reason: string) {
    super('body', field, reason);
    this.name = 'ApiKeyRequestError';
  }
}

/**
 * The chain's last entry is dated further ahead than clocks can disagree: the service did not
 * write it (the chain trigger refuses such entries). Building on it would date every later record
 * in the future too (time never runs backwards along a chain), so nothing is appended until an
 * operator has looked (503; audit:verify reports the entry).
 */
export class FutureHeadError extends DomainError {
  constructor() {
    super('the last entry of the chain is dated in the future');
    this.name = 'FutureHeadError';
  }
}
