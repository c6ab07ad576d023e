// Turns the measurements into one Markdown table, the targets, and notes.

const int = (n) => Math.round(n).toLocaleString('en-US');
const bytes = (n) => `${int(n)} B`;
const ms = (n) => {
  if (n < 100) return `${n.toFixed(1)} ms`;
  if (n < 10_000) return `${int(n)} ms`;
  if (n < 120_000) return `${(n / 1000).toFixed(1)} s`;
  return `${(n / 60_000).toFixed(1)} min`;
};
const ns = (n) => `${int(n)} ns`;
// `times(a / b)`: a ratio, or a dash when b read 0 (a run shorter than the
// page clock's tick) and the ratio means nothing.
const times = (x) => (!Number.isFinite(x) ? '—' : `${x < 0.1 ? x.toPrecision(2) : x < 10 ? x.toFixed(2) : x.toFixed(1)}×`);
const range = (s, fmt) => `${fmt(s.min)} – ${fmt(s.max)}`;
const signed = (n) => `${n >= 0 ? '+' : '−'}${int(Math.abs(n))} B`;
const verdict = (ok) => (ok ? 'met' : 'missed');

export const LABELS = {
  module: 'this module',
  moduleFull: 'this module, full build (bx24-meeting/client)',
  sdk: '@bitrix24/b24jssdk',
  plain: 'plain JS wrapper',
  floor: 'floor: BX24.callBatch of 50, all at once',
  'plain-all': 'plain wrapper, Promise.all',
  'plain-sequential': 'plain wrapper, sequential',
};

/** Every target, `{ name, met, detail }`, from the results. */
export function targets(r) {
  const list = [];
  if (r.size) {
    const { module, sdk } = r.size;
    list.push({
      name: 'placement build ≤ 20 KB gzip',
      met: module.gzip <= 20_000,
      detail: `${bytes(module.gzip)} gzip`,
    });
    list.push({
      name: 'size ≤ 1/3 of the SDK',
      met: module.gzip * 3 <= sdk.gzip,
      detail: `${times(module.gzip / sdk.gzip)} the SDK's ${bytes(sdk.gzip)} (1/3 = ${bytes(sdk.gzip / 3)})`,
    });
  }
  if (r.perCall) {
    const { module, plain, sdk } = r.perCall;
    const m = module.nsPerCall.median;
    list.push({
      name: 'per-call ≤ 3× the plain wrapper',
      met: m <= 3 * plain.nsPerCall.median,
      detail: `${ns(m)} = ${times(m / plain.nsPerCall.median)} of ${ns(plain.nsPerCall.median)}`,
    });
    list.push({
      name: 'per-call below the SDK',
      met: m < sdk.nsPerCall.median,
      detail: `${ns(m)} vs ${ns(sdk.nsPerCall.median)} (${times(m / sdk.nsPerCall.median)})`,
    });
    list.push({
      name: 'invalid input: nothing sent',
      met: module.invalidDispatched === 0 && module.invalidRejected === module.invalidCalls,
      detail: `${int(module.invalidRejected)} of ${int(module.invalidCalls)} rejected, ${int(module.invalidDispatched)} sent`,
    });
  }
  if (r.memory) {
    const { module } = r.memory;
    const perCall = module.heap.growth.median / (module.calls - module.warmCalls);
    list.push({
      name: 'memory flat (wasm unchanged, JS heap < 1 B per call)',
      met: module.wasm.growth.max === 0 && perCall < 1,
      detail: `wasm ${signed(module.wasm.growth.median)}, JS heap ${signed(module.heap.growth.median)} over ${int(module.calls - module.warmCalls)} calls`,
    });
  }
  if (r.bulk) {
    const { module, floor } = r.bulk;
    list.push({
      name: `bulk: exactly ${module.floorRequests} requests`,
      met: module.requests.min === module.floorRequests && module.requests.max === module.floorRequests,
      detail: rangeText(module.requests),
    });
    list.push({ name: 'bulk: 0 errors to the caller', met: module.maxErrors === 0, detail: `worst run ${int(module.maxErrors)}` });
    list.push({ name: 'bulk: final state complete', met: module.complete, detail: `at least ${int(module.storedMin)} of ${int(module.items)} stored` });
    list.push({
      name: 'bulk: wall time ≤ 1.2× the floor',
      met: module.ms.median <= 1.2 * floor.ms.median,
      detail: `${ms(module.ms.median)} = ${times(module.ms.median / floor.ms.median)} of ${ms(floor.ms.median)}`,
    });
  }
  return list;
}

const rangeText = (s) => (s.min === s.max ? int(s.min) : `${int(s.min)}–${int(s.max)} (median ${int(s.median)})`);

function statusText(byStatus) {
  const entries = Object.entries(byStatus);
  if (entries.length <= 1) return '';
  return ` (${entries.map(([status, count]) => `${int(count)} × ${status}`).join(', ')})`;
}

function medianRun(runs) {
  return [...runs].sort((a, b) => a.ms - b.ms)[(runs.length - 1) >> 1];
}

function bulkCell(b) {
  const run = medianRun(b.runs);
  const errors = b.errors.median === 0 && b.maxErrors === 0 ? '0 errors' : `${rangeText(b.errors)} errors (${run.errorCodes.join(', ') || '?'})`;
  const state = b.complete ? 'complete' : `incomplete (${int(b.storedMin)}/${int(b.items)} stored)`;
  return `${ms(b.ms.median)} · ${rangeText(b.requests)} requests${statusText(run.byStatus)} · ${errors} · ${state}`;
}

/** The table rows: [measurement, contender, median, min – max, vs baseline, target]. */
export function tableRows(r) {
  const rows = [];
  const t = Object.fromEntries(targets(r).map((x) => [x.name, x]));
  const mark = (...names) => names.filter((n) => t[n]).map((n) => `${n}: **${verdict(t[n].met)}**`).join('; ');

  if (r.size) {
    const { module, sdk, plain } = r.size;
    const parts = (x) => (x.parts.length > 1 ? ` (${x.parts.map((p) => `${p.label} ${int(p.gzip)}`).join(' + ')})` : '');
    rows.push(['1. Shipped size, gzip -9', LABELS.module, `${bytes(module.gzip)}${parts(module)}`, 'computed', `${times(module.gzip / sdk.gzip)} SDK`, mark('placement build ≤ 20 KB gzip', 'size ≤ 1/3 of the SDK')]);
    if (r.size.moduleFull) {
      const full = r.size.moduleFull;
      rows.push(['', LABELS.moduleFull, `${bytes(full.gzip)}${parts(full)}`, 'computed', `${times(full.gzip / sdk.gzip)} SDK`, 'reported']);
    }
    rows.push(['', `${LABELS.sdk} (esbuild bundle)`, bytes(sdk.gzip), 'computed', 'baseline', '']);
    rows.push(['', LABELS.plain, bytes(plain.gzip), 'computed', `${times(plain.gzip / sdk.gzip)} SDK`, '']);
    const rawParts = (x) => (x.parts.length > 1 ? ` (${x.parts.map((p) => `${p.label} ${int(p.raw)}`).join(' + ')})` : '');
    rows.push(['1. Shipped size, raw', LABELS.module, `${bytes(module.raw)}${rawParts(module)}`, 'computed', `${times(module.raw / sdk.raw)} SDK`, '']);
    rows.push(['', LABELS.sdk, bytes(sdk.raw), 'computed', 'baseline', '']);
    rows.push(['', LABELS.plain, bytes(plain.raw), 'computed', `${times(plain.raw / sdk.raw)} SDK`, '']);
  }
  if (r.coldStart) {
    const c = r.coldStart;
    for (const [key, title] of [['ready', '2. Cold start: ready to call'], ['firstCall', '2. Cold start: first call answered']]) {
      for (const [i, who] of ['module', 'sdk', 'plain'].entries()) {
        const s = c[who][key];
        rows.push([i === 0 ? title : '', LABELS[who], ms(s.median), range(s, ms), who === 'plain' ? 'baseline' : `${times(s.median / c.plain[key].median)} plain`, '']);
      }
    }
  }
  if (r.perCall) {
    const p = r.perCall;
    const n = int(p.module.calls);
    for (const [i, who] of ['module', 'sdk', 'plain'].entries()) {
      const s = p[who].nsPerCall;
      const target = who === 'module' ? mark('per-call ≤ 3× the plain wrapper', 'per-call below the SDK') : '';
      rows.push([i === 0 ? `3. Per call (${n} sequential calls)` : '', LABELS[who], ns(s.median), range(s, ns), who === 'plain' ? 'baseline' : `${times(s.median / p.plain.nsPerCall.median)} plain`, target]);
    }
    if (p.module.nsPerCallWarm && p.plain.nsPerCallWarm) {
      // Not a target: the same calls once V8 has optimized both contenders.
      const first = Math.max(1, p.module.warmRounds - 2);
      const title = `3. Per call, warm (the median of rounds ${first}–${p.module.warmRounds} of ${p.module.warmRounds} more on the same page)`;
      for (const [i, who] of ['module', 'plain'].entries()) {
        const s = p[who].nsPerCallWarm;
        rows.push([i === 0 ? title : '', LABELS[who], ns(s.median), range(s, ns), who === 'plain' ? 'baseline' : `${times(s.median / p.plain.nsPerCallWarm.median)} plain`, '']);
      }
    }
    const m = int(p.module.invalidCalls);
    for (const [i, who] of ['module', 'sdk', 'plain'].entries()) {
      const s = p[who].nsPerInvalid;
      const x = p[who];
      const cell = `${ns(s.median)} · ${int(x.invalidRejected)} rejected · ${int(x.invalidDispatched)} sent`;
      rows.push([i === 0 ? `3. Invalid status 'maybe' (${m} calls): time to reject` : '', LABELS[who], cell, range(s, ns), who === 'plain' ? 'baseline' : `${times(s.median / p.plain.nsPerInvalid.median)} plain`, who === 'module' ? mark('invalid input: nothing sent') : '']);
    }
  }
  if (r.memory) {
    const mem = r.memory;
    const w = mem.module.wasm;
    const a = int(mem.module.warmCalls);
    const b = int(mem.module.calls);
    rows.push([`4. wasm linear memory, after ${a} → ${b} calls`, LABELS.module, `${bytes(w.early.median)} → ${bytes(w.late.median)} (${signed(w.growth.median)})`, `growth ${range(w.growth, signed)}`, '', mark('memory flat (wasm unchanged, JS heap < 1 B per call)')]);
    for (const [i, who] of ['module', 'sdk', 'plain'].entries()) {
      const h = mem[who].heap;
      rows.push([i === 0 ? `4. JS heap used after GC, after ${a} → ${b} calls` : '', LABELS[who], `${bytes(h.early.median)} → ${bytes(h.late.median)} (${signed(h.growth.median)})`, `growth ${range(h.growth, signed)}`, who === 'plain' ? 'baseline' : `growth ${signed(h.growth.median - mem.plain.heap.growth.median)} vs plain`, '']);
    }
  }
  if (r.bulk) {
    const b = r.bulk;
    const title = `5. Bulk: ${int(b.module.items)} changes, emulator, standard plan`;
    const keys = ['floor', 'module', 'sdk', 'plain-all'];
    for (const [i, key] of keys.entries()) {
      const x = b[key];
      const target = key === 'module' ? mark(`bulk: exactly ${x.floorRequests} requests`, 'bulk: 0 errors to the caller', 'bulk: final state complete', 'bulk: wall time ≤ 1.2× the floor') : '';
      rows.push([i === 0 ? title : '', LABELS[key], bulkCell(x), range(x.ms, ms), key === 'floor' ? 'baseline' : `${times(x.ms.median / b.floor.ms.median)} floor`, target]);
    }
    const s = b['plain-sequential'];
    if (s) {
      const e = s.extrapolatedSummary;
      const cell = `first ${int(s.items)} only: ${bulkCell(s)}; extrapolated to ${int(s.total)}: ≈ ${ms(e.ms)}, ≈ ${int(e.requests)} requests, ≈ ${int(e.errors)} errors`;
      rows.push(['', `${LABELS['plain-sequential']} (capped)`, cell, range(s.ms, ms), `${times(e.ms / b.floor.ms.median)} floor (extrapolated)`, '']);
    }
  }
  return rows;
}

export function markdownTable(rows) {
  const head = ['Measurement', 'Contender', 'Median', 'Min – max', 'vs baseline', 'Target'];
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

function notes(r, sdkVersion) {
  const out = [];
  const c = r.config;
  out.push(`Each timed figure is the median of ${c.runs} runs (min – max beside it), each run on a fresh page in a fresh browser context; contenders take turns within a run. Sizes are computed once. What is measured is a snapshot taken when the run starts (a copy of \`pkg/\` as scripts/build.sh left it, the SDK bundles, the harness pages), so a rebuild during the run changes nothing.`);
  out.push(`Contenders: **this module** is the placement build, \`pkg/\` as built by scripts/build.sh (the full build in \`pkg/client/\` is measured for size only); the **plain JS wrapper** is bench/contenders/plain.js (a \`new Promise\` around \`BX24.callMethod\`, no validation, no timeout); **@bitrix24/b24jssdk ${sdkVersion}** is its \`initializeB24Frame\` + \`actions.v2.call.make\` (bench/contenders/sdk.js) bundled by esbuild (minified, ESM, browser). The timing pages load bench/contenders/sdk-harness.js, the same bundle plus a re-export of axios's \`AxiosError\`${r.size ? ` (${bytes(r.size.sdkHarness.raw - r.size.sdk.raw)} larger)` : ''}.`);
  out.push('Size: gzip -9 of the bytes a page loads for one call (for this module `.wasm` + minified JS glue). Plain wrapper: its source file as is.');
  out.push('Cold start (2): from the harness module starting to `init()` resolved (this module: glue fetch + wasm fetch, compile, instantiate), to the bundle evaluated and `initializeB24Frame()` resolved (SDK: includes its postMessage round trip to the parent frame, answered at once by bench/pages/frame-stub.js), or to the wrapper imported (plain); "first call answered" adds one call through the instant stub. Served over loopback HTTP by the emulator, empty cache per run, after one untimed round (the browser\'s own first-use costs).');
  out.push(`Per call (3) and memory (4): an in-page BX24 whose \`init(cb)\` calls back at once and whose \`callMethod\` answers synchronously through the callback (\`{data: () => true, error: () => undefined}\`; for the invalid run the portal's 400 with \`error: ""\`). **This module ran with \`configure({ rateLimit: 'off' })\`** (its default leaky bucket would throttle to 2 calls/s); its other defaults stay (a 30 s timeout per request, served by one shared timer that a call answered synchronously never arms). The SDK's transport was stubbed at the lowest layer it allows in-process, its axios instance's adapter (axios's pipeline, the SDK's limiters, retries and AjaxResult still run), with its rate limiter and adaptive delayer set out of the way (burst and drain 1e9, adaptive off). The plain wrapper and the SDK check nothing, so every invalid call of theirs is sent (counted at the stub) and rejected by the (stub) portal. The per-call figure with the targets is each page's first round of calls, V8 warming up meanwhile (as in a page's first calls, and as the targets were set); the warm rows go on for more rounds on the same page and take the median of the last three, once both the plain wrapper and the module run optimized: the plain wrapper gains more from that than the module, whose cost is mostly crossings between JavaScript and wasm, so the warm ratio is the larger one.`);
  out.push(`Memory (4): JS heap is CDP \`Runtime.getHeapUsage\` usedSize after two \`HeapProfiler.collectGarbage\`; wasm is the module's \`WebAssembly.Memory\` buffer byteLength (from the instance exports \`init()\` returns). "Flat" here means wasm memory unchanged and JS heap growth under 1 byte per call.`);
  if (r.bulk) {
    const b = r.bulk;
    out.push(`Bulk (5): target/release/bx24-emulator \`--plan standard\` (50 at once, drains 2/s), a fixture of ${int(b.module.items)} meetings with user 1 invited; every change differs from the stored Q (Y, N alternating). \`/admin/reset\` before every run (statuses, request log, rate-limit bucket). Requests are the emulator's \`/admin/requests\` log; "complete" means \`/admin/statuses?user=1\` holds every requested status. The module and the plain wrapper use the emulator's BX24.js (real HTTP, silent on 5xx like the real one). The **floor** is ⌈${int(b.module.items)}/50⌉ = ${b.floor.floorRequests} \`BX24.callBatch\` requests of 50 sent at once (the portal's burst of 50 admits them all; Chromium keeps at most 6 connections per host, so at most 6 are in flight); it is the wall-time baseline.`);
    out.push(`The SDK ran with its defaults: a \`B24Frame\` (initialised through the postMessage stub with user 1's real OAuth tokens from \`/placement/auth\`) whose own axios talks HTTP to the emulator, \`actions.v2.batchByChunk.make({ calls, options: { isHaltOnError: false } })\`, which sends its chunks of 50 one after another. \`B24Frame\` is the SDK's client for a placement page, as this module is; \`B24Hook\` was not used: it is meant for servers (it warns when used in a browser) and rewrites every portal URL to https (\`https://\${domain}/rest\`), while this emulator run is plain HTTP.`);
    out.push(`The plain wrapper has no timeout of its own and BX24.js never calls back on 503 QUERY_LIMIT_EXCEEDED, so the harness gives each of its calls ${int(c.bulk.timeoutMs)} ms and counts an expiry as an error that reached the caller (TIMEOUT). Promise.all sends all ${int(b['plain-all'].items)}. Sequential is capped at the first ${int(b['plain-sequential'].items)} changes (${b['plain-sequential'].runs.length} run${b['plain-sequential'].runs.length > 1 ? 's' : ''}) and extrapolated to ${int(b['plain-sequential'].total)}: the part before the first error is the burst, the rest is assumed to repeat at the same pace (${b['plain-sequential'].extrapolatedSummary.basis}).`);
    const p = b.probes;
    const probe = (x) => (x.rejected ? `code \`${JSON.stringify(x.code)}\`, description \`${x.description}\`${x.status ? `, status ${x.status}` : ''}; ${x.requests} request${x.requests === 1 ? '' : 's'} sent` : 'resolved (not rejected)');
    out.push(`A single call with status 'maybe' against the emulator (the portal answers HTTP 400 with \`error: ""\`), what reaches the caller: this module: ${probe(p.module)}. Plain wrapper (BX24's ajaxError): ${probe(p.plain)}. SDK: ${probe(p.sdk)}.`);
  }
  return out;
}

/** The whole bench/RESULTS.md. */
export function renderResults(r, { machine, date, elapsedMs, sdkVersion, source, appendix = '' }) {
  const list = targets(r);
  return [
    '# Benchmark results',
    '',
    `Measured by \`npm run bench\` (bench/run.mjs) on ${date}; the whole run took ${(elapsedMs / 60_000).toFixed(1)} minutes.${source ? ` The module was built from ${source}.` : ''}`,
    '',
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory} memory; ${machine.os}; Node ${machine.node}; Chromium ${machine.chromium} (headless, playwright-core).${machine.load ? ` Load average (1 min): ${machine.load}.` : ''}`,
    '',
    markdownTable(tableRows(r)),
    '',
    '## Targets',
    '',
    ...list.map((x) => `- ${x.name}: **${verdict(x.met)}** (${x.detail})`),
    '',
    '## How it was measured',
    '',
    ...notes(r, sdkVersion).map((n) => `- ${n}`),
    '',
    ...(appendix ? [appendix.trim(), ''] : []),
  ].join('\n');
}
