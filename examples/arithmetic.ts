/**
 * A small arithmetic eval. It runs offline on `mockllm/model` with a scripted "calculator"
 * that answers most questions correctly; pass `--model openai/gpt-4o-mini` (or any other
 * model) to run the same eval against a real model.
 *
 *   npx hookline eval examples/arithmetic.ts
 *   npx hookline eval examples/arithmetic.ts -T count=50 --epochs 2
 */
import { type ChatMessage, defineTask, generate, getModel, match, modelOutputFromText, systemMessage, task } from 'hookline';

const OPERATORS = ['+', '-', '*'] as const;

/** Deterministic questions: `count` of them, the same on every run. */
function questions(count: number): { input: string; target: string; id: number }[] {
  const out = [];
  let seed = 7;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % 100;
  for (let id = 1; id <= count; id++) {
    const a = next();
    const b = next();
    const op = OPERATORS[id % OPERATORS.length]!;
    const answer = op === '+' ? a + b : op === '-' ? a - b : a * b;
    out.push({ id, input: `What is ${a} ${op} ${b}? Reply with the number only.`, target: String(answer) });
  }
  return out;
}

/** The offline stand-in for a model: computes the answer, but gets every seventh product wrong. */
function calculator(input: ChatMessage[]): ReturnType<typeof modelOutputFromText> {
  const last = input[input.length - 1];
  const text = typeof last?.content === 'string' ? last.content : '';
  const m = /(-?\d+) ([+\-*]) (-?\d+)/.exec(text);
  if (m === null) return modelOutputFromText('mockllm/model', "I don't know.");
  const [a, b] = [Number(m[1]), Number(m[3])];
  let answer = m[2] === '+' ? a + b : m[2] === '-' ? a - b : a * b;
  if (m[2] === '*' && (a + b) % 7 === 0) answer += 1;
  const reply = String(answer);
  const inputTokens = Math.ceil(text.length / 4);
  return modelOutputFromText('mockllm/model', reply, { usage: { inputTokens, outputTokens: reply.length, totalTokens: inputTokens + reply.length } });
}

export const arithmetic = defineTask((args: { count?: number }) =>
  task({
    name: 'arithmetic',
    dataset: questions(args.count ?? 20),
    solver: [systemMessage('You are a careful calculator.'), generate()],
    scorer: match({ numeric: true }),
    ...(process.env.HOOKLINE_MODEL === undefined ? { model: getModel('mockllm/model', { customOutputs: calculator }) } : {}),
  }),
);
