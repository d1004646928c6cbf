/**
 * One build's per-sample cost in one process, for `eval-in-process.bench.ts`: imports the built
 * `hookline` named by its argument, then runs `evaluate()` of the arithmetic task without a log,
 * with no hooks and with a no-op `Hooks` class on every event, alternating (the first round of
 * each is warm-up). Prints one line of JSON: the per-round wall and CPU microseconds per sample.
 * @module
 */
const [entry, samplesArg, roundsArg] = process.argv.slice(2);
const samples = Number(samplesArg);
const rounds = Number(roundsArg);
const { task, generate, getModel, match, modelOutputFromText, systemMessage, Hooks, EVENT_NAMES, hooks, unregisterHooks, evaluate } = await import(entry);

function arithmetic() {
  const dataset = [];
  for (let id = 1; id <= samples; id++) {
    const [a, b] = [(id * 7) % 100, (id * 13) % 100];
    dataset.push({ id, input: `What is ${a} + ${b}? Reply with the number only.`, target: String(a + b) });
  }
  const calculator = (input) => {
    const [, a, b] = /(\d+) \+ (\d+)/.exec(input[input.length - 1].content);
    return modelOutputFromText('mockllm/model', String(Number(a) + Number(b)));
  };
  return task({ name: 'arithmetic', dataset, solver: [systemMessage('You are a careful calculator.'), generate()], scorer: match({ numeric: true }), model: getModel('mockllm/model', { customOutputs: calculator }) });
}

class EveryHook extends Hooks {}
for (const name of EVENT_NAMES) Object.defineProperty(EveryHook.prototype, name, { value: () => undefined, writable: true, configurable: true });

const out = { plain: { wall: [], cpu: [] }, hooked: { wall: [], cpu: [] } };
for (let round = 0; round <= rounds; round++) {
  for (const kind of round % 2 === 0 ? ['plain', 'hooked'] : ['hooked', 'plain']) {
    if (kind === 'hooked') hooks({ name: 'bench-every-hook' }, EveryHook);
    const t = arithmetic();
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    const [log] = await evaluate(t, { banner: false, noLog: true, keepSamples: false });
    const wall = performance.now() - wall0;
    const cpu = process.cpuUsage(cpu0);
    if (kind === 'hooked') unregisterHooks('bench-every-hook');
    if (log?.status !== 'success') throw new Error(`the eval ended with status ${log?.status}`);
    if (round === 0) continue;
    out[kind].wall.push((wall * 1000) / samples);
    out[kind].cpu.push((cpu.user + cpu.system) / samples);
  }
}
console.log(JSON.stringify(out));
