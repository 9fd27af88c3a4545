#!/usr/bin/env node
// Validates CycloneDX 1.6 JSON files against the official schema, offline:
//   node scripts/validate-cbom.js PREFIX FILE...
// PREFIX is what scripts/install-cbom-validator.sh printed (the pinned Ajv, ajv-formats
// and @cyclonedx/cyclonedx-library, whose res/schema holds bom-1.6 with the spdx and
// jsf schemas it references). Exits 1 on any schema error, printing every one.
'use strict';
const fs = require('fs');
const path = require('path');
const [prefix, ...files] = process.argv.slice(2);
if (!prefix || files.length === 0) {
  console.error('usage: validate-cbom.js PREFIX FILE...');
  process.exit(2);
}
const modules = path.resolve(prefix, 'node_modules');
const Ajv = require(path.join(modules, 'ajv')).default;
const addFormats = require(path.join(modules, 'ajv-formats'));
const schemaDir = path.join(modules, '@cyclonedx', 'cyclonedx-library', 'res', 'schema');
const load = (name) => JSON.parse(fs.readFileSync(path.join(schemaDir, name), 'utf8'));

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);
// Formats of draft 2019+ that the schema uses and ajv-formats lacks: checked loosely.
ajv.addFormat('iri-reference', /^\S*$/u);
ajv.addFormat('idn-email', /^[^\s@]+@[^\s@]+$/u);
// The library ships the schemas as *.SNAPSHOT.schema.json and bom-1.6 refers to them
// by those names: register the referenced ones under the URLs the refs resolve to.
for (const name of ['spdx.SNAPSHOT.schema.json', 'jsf-0.82.SNAPSHOT.schema.json']) {
  const schema = load(name);
  schema.$id = 'http://cyclonedx.org/schema/' + name;
  ajv.addSchema(schema);
}
const validate = ajv.compile(load('bom-1.6.SNAPSHOT.schema.json'));
let failed = 0;
for (const file of files) {
  let data;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    console.error(`${file}: not JSON: ${e.message}`);
    failed++;
    continue;
  }
  if (data.specVersion !== '1.6') {
    console.error(`${file}: specVersion is ${JSON.stringify(data.specVersion)}, not "1.6"`);
    failed++;
  }
  if (!validate(data)) {
    failed++;
    for (const e of validate.errors) console.error(`${file}: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  }
}
if (failed) {
  console.error(`validate-cbom: FAILED (${failed} of ${files.length} file(s))`);
  process.exit(1);
}
console.log(`validate-cbom: ${files.length} CycloneDX 1.6 file(s) valid`);
