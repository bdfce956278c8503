// Independent check of a CareLedger proof with OpenZeppelin's own library: reads the JSON that
// GET /proofs/{eventId} returns on stdin, prints "valid" or "invalid", exits 0 or 1.
'use strict';
const { StandardMerkleTree } = require('@openzeppelin/merkle-tree');

let input = '';
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const proof = JSON.parse(input);
  const ok = StandardMerkleTree.verify(proof.root, ['bytes32'], [proof.eventHash], proof.proof);
  console.log(ok ? 'valid' : 'invalid');
  process.exit(ok ? 0 : 1);
});
