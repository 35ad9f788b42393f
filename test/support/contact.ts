/**
 * A deployment's own API contact (API_CONTACT_*, README "Configuration"), which a production start
 * requires. The addresses are under the reserved `.example` domain (RFC 2606); the apostrophe and
 * spaces are there because real names have them ('s-Hertogenbosch).
 */
export const TEST_API_CONTACT = {
  name: "Team API-beheer, Gemeente 's-Hertogenbosch",
  email: 'api-beheer@gemeente.example',
  url: 'https://gemeente.example/api-beheer',
};

export const TEST_API_CONTACT_ENV = {
  API_CONTACT_NAME: TEST_API_CONTACT.name,
  API_CONTACT_EMAIL: TEST_API_CONTACT.email,
  API_CONTACT_URL: TEST_API_CONTACT.url,
};
