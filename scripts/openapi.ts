// Regenerates openapi/openapi.json from the code (npm run openapi).
import { mkdirSync, writeFileSync } from 'node:fs';
import { generateOpenApiDocument, OPENAPI_PATH, serialiseDocument } from '../src/http/openapi-document.js';

mkdirSync(new URL('.', OPENAPI_PATH), { recursive: true });
writeFileSync(OPENAPI_PATH, serialiseDocument(await generateOpenApiDocument()));
process.stdout.write(`wrote ${OPENAPI_PATH.pathname}\n`);
