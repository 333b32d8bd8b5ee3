// The independent check of a credential signed by `bwise-mooc credential issue`:
// @digitalcredentials/verifier-core (the Digital Credentials Consortium's verifier, which
// bundles every JSON-LD context it needs and resolves did:key locally) verifies the file
// named on the command line and this prints its JSON result on stdout.
//
// Offline: fetch() is replaced before the verifier loads. The one document it would fetch,
// 1EdTech's JSON Schema named in the credential's credentialSchema (for its schema check), is
// answered from the copy vendored in bwise_mooc/exporters/schemas/ob30/; any other request
// fails and is listed in "blockedRequests" (the test asserts the list is empty).
// No DID registry is given (knownDIDRegistries: []), so no registry is fetched: the
// "registered_issuer" step is false by design (this issuer is in no registry).
//
// Usage: node tests/js/verify_credential.mjs CREDENTIAL.json
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SCHEMA_URL =
  'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';
const SCHEMA_FILE = fileURLToPath(
  new URL(
    '../../bwise_mooc/exporters/schemas/ob30/ob_v3p0_achievementcredential_schema.json',
    import.meta.url,
  ),
);
const blockedRequests = [];

globalThis.fetch = async (input) => {
  const url = typeof input === 'string' ? input : input.url ?? String(input);
  if (url === SCHEMA_URL) {
    return new Response(readFileSync(SCHEMA_FILE), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  }
  blockedRequests.push(url);
  throw new TypeError(`offline: no network request allowed (${url})`);
};

const { verifyCredential } = await import('@digitalcredentials/verifier-core');

const credential = JSON.parse(readFileSync(process.argv[2], 'utf-8'));
const result = await verifyCredential({ credential, knownDIDRegistries: [] });
delete result.credential; // the input, echoed back
const replacer = (key, value) => (value instanceof Error ? { name: value.name, message: value.message } : value);
process.stdout.write(JSON.stringify({ result, blockedRequests }, replacer, 2) + '\n');
