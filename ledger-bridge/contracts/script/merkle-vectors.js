// Writes the known-answer vectors that the bridge's Java Merkle tree and event hashing are tested
// against: OpenZeppelin StandardMerkleTree over [bytes32 eventHash] for several tree sizes, and
// eventHash = keccak256(RFC 8785 canonical JSON) for a few CloudEvent-shaped documents.
// Usage: node script/merkle-vectors.js OUT.json
'use strict';
const fs = require('fs');
const { StandardMerkleTree } = require('@openzeppelin/merkle-tree');
const { keccak256, toUtf8Bytes } = require('ethers');
const canonicalize = require('canonicalize');

const sizes = [1, 2, 3, 4, 5, 7, 8, 13, 16, 33];
const trees = sizes.map((n) => {
  const values = Array.from({ length: n }, (_, i) => [keccak256(toUtf8Bytes(`careledger-vector-${n}-${i}`))]);
  const tree = StandardMerkleTree.of(values, ['bytes32']);
  const entries = [];
  for (const [i, v] of tree.entries()) {
    entries.push({ eventHash: v[0], leaf: tree.leafHash(v), proof: tree.getProof(i) });
  }
  return { size: n, root: tree.root, entries };
});

const documents = [
  { specversion: '1.0', id: 'b6f1c9d2-0000-3000-8000-000000000001', source: 'urn:careledger:feed:demo',
    type: 'org.careledger.encounter.admitted.v1', subject: 'pt-0f3c', datacontenttype: 'application/fhir+json',
    data: { resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'Patient', id: 'pt-0f3c', gender: 'female', birthDate: '1980' } }] } },
  { z: 1, a: [3, 2.5, 1e21, -0, 1e-7], 'ünïcödé': 'é\u2028\u0007', nested: { b: true, a: null } },
];
const hashes = documents.map((doc) => ({
  json: JSON.stringify(doc),
  canonical: canonicalize(doc),
  eventHash: keccak256(toUtf8Bytes(canonicalize(doc))),
}));

const out = process.argv[2] || 'merkle-vectors.json';
fs.writeFileSync(out, JSON.stringify({ generator: 'ledger-bridge/contracts/script/merkle-vectors.js', trees, hashes }, null, 1) + '\n');
console.log(`wrote ${trees.length} trees and ${hashes.length} hash vectors to ${out}`);
