#!/usr/bin/env node
// ort_profile.js - ONNX Runtime's time per node for a model, to set beside `octet bench --profile`
// (which layers ORT runs faster, not only the total). Single thread, graph optimization ALL, as
// compare_ort.sh; ORT's profiler adds a few microseconds per node.
//
// usage: NODE_PATH=build/ort-peer/node_modules node bench/ort_profile.js MODEL.onnx [RUNS]
//   (compare_ort.sh installs onnxruntime-node in build/ort-peer and caches converted models in
//   build/ort-peer/.cache). Prints one line per node in run order: op type, node name, median us
//   over the second half of the runs; then the sum per op type.
const ort = require('onnxruntime-node');
const fs = require('fs');
const os = require('os');
const path = require('path');

(async () => {
  const model = process.argv[2];
  const runs = +(process.argv[3] || 200);
  if (!model) throw new Error('usage: node ort_profile.js MODEL.onnx [RUNS]');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ort-profile-'));
  const session = await ort.InferenceSession.create(model, {
    executionProviders: ['cpu'], graphOptimizationLevel: 'all', intraOpNumThreads: 1,
    interOpNumThreads: 1, executionMode: 'sequential', enableProfiling: true,
    profileFilePrefix: path.join(dir, 'p'),
  });
  const feeds = {};
  for (const m of session.inputMetadata) {
    const n = m.shape.reduce((a, b) => a * b, 1);
    const A = m.type === 'int8' ? Int8Array : m.type === 'uint8' ? Uint8Array : Float32Array;
    feeds[m.name] = new ort.Tensor(m.type, new A(n).map((_, i) => (i * 7919) % 97), m.shape);
  }
  for (let i = 0; i < runs; i++) await session.run(feeds);
  session.endProfiling();
  const file = fs.readdirSync(dir).map(f => path.join(dir, f))[0];
  const times = new Map(), types = new Map();
  for (const e of JSON.parse(fs.readFileSync(file, 'utf8'))) {
    if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time')) continue;
    const name = e.name.slice(0, -'_kernel_time'.length);
    if (!times.has(name)) times.set(name, []);
    times.get(name).push(e.dur);
    types.set(name, e.args.op_name);
  }
  fs.rmSync(dir, { recursive: true });
  const median = v => { const s = v.slice(Math.floor(v.length / 2)).sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
  const byType = new Map();
  let total = 0;
  for (const [name, v] of times) {
    const us = median(v);
    total += us;
    byType.set(types.get(name), (byType.get(types.get(name)) || 0) + us);
    console.log(`${types.get(name).padEnd(26)} ${name.padEnd(40)} ${us.toFixed(1).padStart(9)} us`);
  }
  console.log(`\ntotal ${total.toFixed(1)} us`);
  for (const [t, us] of [...byType].sort((a, b) => b[1] - a[1])) {
    console.log(`${t.padEnd(26)} ${us.toFixed(1).padStart(9)} us`);
  }
})();
