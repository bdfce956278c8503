// Compiles src/*.sol with the solc-js version pinned in package-lock.json and writes
// <Contract>.abi and <Contract>.bin per contract into the output folder (argv[2]); contracts of
// src/testing/ go to a folder of their own (argv[3]), so that none of them is packaged.
// Offline: OpenZeppelin imports resolve from node_modules, no compiler download.
'use strict';
const fs = require('fs');
const path = require('path');
const solc = require('solc');

const root = path.resolve(__dirname, '..');
const outDir = path.resolve(process.argv[2] || path.join(root, 'build'));
const testingOutDir = path.resolve(process.argv[3] || path.join(root, 'build-testing'));
const srcDir = path.join(root, 'src');

// src/testing/ holds contracts that exist only to attack the others in tests (a reentrant token)
const sources = {};
for (const dir of ['', 'testing']) {
  const full = path.join(srcDir, dir);
  if (!fs.existsSync(full)) continue;
  for (const file of fs.readdirSync(full).filter((f) => f.endsWith('.sol')).sort()) {
    const name = dir ? `src/${dir}/${file}` : `src/${file}`;
    sources[name] = { content: fs.readFileSync(path.join(full, file), 'utf8') };
  }
}

const input = {
  language: 'Solidity',
  sources,
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: 'cancun',
    metadata: { bytecodeHash: 'none' },
    outputSelection: { '*': { '*': ['abi', 'userdoc', 'evm.bytecode.object'] } },
  },
};

function findImports(importPath) {
  for (const base of [root, path.join(root, 'node_modules')]) {
    const candidate = path.join(base, importPath);
    if (fs.existsSync(candidate)) return { contents: fs.readFileSync(candidate, 'utf8') };
  }
  return { error: `not found: ${importPath}` };
}

const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
const errors = (output.errors || []).filter((e) => e.severity === 'error');
for (const e of output.errors || []) console.error(e.formattedMessage);
if (errors.length > 0) process.exit(1);

fs.mkdirSync(outDir, { recursive: true });
fs.mkdirSync(testingOutDir, { recursive: true });
for (const [source, contracts] of Object.entries(output.contracts)) {
  if (!source.startsWith('src/')) continue;
  const dir = source.startsWith('src/testing/') ? testingOutDir : outDir;
  for (const [name, artefact] of Object.entries(contracts)) {
    fs.writeFileSync(path.join(dir, `${name}.abi`), JSON.stringify(artefact.abi));
    fs.writeFileSync(path.join(dir, `${name}.userdoc`), JSON.stringify(artefact.userdoc)); // NatSpec @notice, for tests
    if (!artefact.evm.bytecode.object) continue; // an interface: its ABI is what the contracts and tests check against
    fs.writeFileSync(path.join(dir, `${name}.bin`), artefact.evm.bytecode.object);
    console.log(`compiled ${name} with solc ${solc.version()}`);
  }
}
