import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJson, serializeJson } from '../../src/log/json.ts';

describe('serializeJson / parseJson', () => {
  it('writes NaN and ±Infinity as bare tokens and reads them back', () => {
    const value = { score: NaN, high: Infinity, low: -Infinity, list: [1, NaN], plain: 0.5 };
    const text = serializeJson(value);
    assert.equal(text, '{"score":NaN,"high":Infinity,"low":-Infinity,"list":[1,NaN],"plain":0.5}');
    assert.deepEqual(parseJson(text), value);
  });

  it('leaves strings that spell the tokens alone, including escaped quotes', () => {
    const value = { a: 'NaN', b: 'say "Infinity"\\', c: NaN, NaN: '-Infinity', d: ['x\\"NaN', -Infinity] };
    const text = serializeJson(value, 2);
    const back = parseJson(text) as typeof value;
    assert.deepEqual(back, value);
    assert.equal(typeof back.a, 'string');
  });

  it('indents like JSON.stringify when there is nothing to mark', () => {
    const value = { a: [1, { b: 'c' }], d: null };
    assert.equal(serializeJson(value, 2), JSON.stringify(value, null, 2));
    assert.deepEqual(parseJson(JSON.stringify(value)), value);
  });

  it('keeps a "__proto__" key as data when reviving tokens', () => {
    const back = parseJson('{"__proto__": NaN, "x": 1}') as Record<string, unknown>;
    assert.ok(Object.hasOwn(back, '__proto__'), 'an own __proto__ key');
    assert.ok(Number.isNaN(back.__proto__), 'holding NaN');
    assert.equal(Object.getPrototypeOf(back), Object.prototype);
  });

  it('still rejects text that is not JSON, pointing into the original text', () => {
    assert.throws(() => parseJson('{"a": NaNx}'), SyntaxError);
    assert.throws(() => parseJson('{"a": nan}'), SyntaxError);
    assert.throws(() => parseJson('{"a": "unterminated NaN'), SyntaxError);
  });

  it('refuses values JSON cannot represent', () => {
    assert.throws(() => serializeJson(undefined), TypeError);
  });
});
