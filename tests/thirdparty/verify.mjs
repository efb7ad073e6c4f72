// Verifies a credential with Digital Bazaar's libraries, offline.
//
//   node verify.mjs input.json
//
// input.json: {"credential": {...}, "didDocument": {...} or [{...}, ...],
//              "contexts": {"<url>": <document>, ...}}
//
// The document loader serves only what it is given: each DID document (for its DID and,
// for each of its verification method ids, the Multikey with the DID document's
// @context), the given contexts, and the contexts @digitalbazaar/security-document-loader
// ships. Any other URL throws: nothing is ever fetched. The credential's status is not
// checked. Prints {"verified": bool, "error": string|null} and always exits with 0.

import {readFileSync} from 'node:fs';

import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {securityLoader} from '@digitalbazaar/security-document-loader';
import * as vc from '@digitalbazaar/vc';

function withoutFragment(url) {
  return url.split('#')[0];
}

function verificationMethodOf(didDocument, url) {
  const methods = [].concat(didDocument.verificationMethod ?? [],
    didDocument.assertionMethod ?? []).filter(method => typeof method === 'object');
  const fragment = url.slice(url.indexOf('#'));
  const method = methods.find(
    method => method.id === url || method.id === fragment);
  if(!method) {
    throw new Error(`${url}: no such verification method in the DID document`);
  }
  return {'@context': didDocument['@context'], ...structuredClone(method),
    id: url};
}

function offlineLoader({didDocuments, contexts}) {
  const shipped = securityLoader();
  for(const [url, document] of Object.entries(contexts)) {
    shipped.addStatic(url, document);
  }
  const byDid = new Map(didDocuments.map(document => [document.id, document]));
  return async function documentLoader(url) {
    if(byDid.has(withoutFragment(url))) {
      const didDocument = byDid.get(withoutFragment(url));
      const document = url.includes('#') ?
        verificationMethodOf(didDocument, url) : structuredClone(didDocument);
      return {contextUrl: null, documentUrl: url, document};
    }
    const document = shipped.documents.get(url);
    if(document) {
      return {contextUrl: null, documentUrl: url, document: structuredClone(document)};
    }
    throw new Error(`${url}: not available offline (the loader fetches nothing)`);
  };
}

function messages(error) {
  if(!error) {
    return [];
  }
  if(Array.isArray(error)) {
    return error.flatMap(messages);
  }
  const own = `${error.name ?? 'Error'}: ${error.message ?? String(error)}`;
  return [own, ...messages(error.errors), ...messages(error.cause),
    ...messages(error.details?.cause)];
}

function explain(result) {
  const found = [...messages(result.error)];
  for(const each of result.results ?? []) {
    found.push(...messages(each.error));
    for(const purpose of [].concat(each.purposeResult ?? [])) {
      found.push(...messages(purpose.error));
    }
  }
  const unique = [...new Set(found)];
  return unique.length ? unique.join('; ') : null;
}

async function main() {
  let output;
  try {
    const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
    const didDocuments = [].concat(input.didDocument ?? []);
    const documentLoader = offlineLoader({didDocuments, contexts: input.contexts ?? {}});
    const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
    const result = await vc.verifyCredential({
      credential: input.credential,
      suite,
      documentLoader,
      checkStatus: async () => ({verified: true})
    });
    output = {verified: result.verified === true,
      error: result.verified ? null : explain(result)};
  } catch(error) {
    output = {verified: false, error: messages(error).join('; ')};
  }
  process.stdout.write(JSON.stringify(output) + '\n');
}

await main();
