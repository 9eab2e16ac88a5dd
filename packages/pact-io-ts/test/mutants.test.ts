/**
 * pact-io-ts/mutants on codecs written here, the expected mutants written out
 * by hand: every change of a small body listed in order, each operator where
 * it applies at every depth, the codec's verdict, ids that stay when the
 * tree grows elsewhere, and the options. (Random codecs: mutants-compositions.test.ts.)
 */
import assert from 'node:assert/strict';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { minItems, pattern } from '../src/index.js';
import { mutantsOf, mutationOperators, type Mutant, type MutantsOptions } from '../src/mutants.js';
import { left, refusedAt, right } from './results.js';

const mutants = (codec: t.Mixed, example: unknown, options?: MutantsOptions) =>
  right(mutantsOf(codec, example, options));

const byId = (list: readonly Mutant[], id: string): Mutant =>
  list.find((m) => m.id === id) ??
  assert.fail(`no mutant ${id} in ${list.map((m) => m.id).join(' ')}`);

/** The fields of a mutant a test writes out: id, description, body, verdict. */
const seen = (m: Mutant) => [m.id, m.description, m.body, m.allowedByCodec] as const;

describe('pact-io-ts/mutants', () => {
  describe('a small body, every mutant written out', () => {
    const Token = t.type({ token_type: t.literal('Bearer'), scope: t.string }, 'Token');
    const example = { token_type: 'Bearer', scope: 'a b' };
    const withType = (token_type: unknown) => ({ token_type, scope: 'a b' });
    const withScope = (scope: unknown) => ({ token_type: 'Bearer', scope });
    const root: readonly (readonly [string, string, unknown, boolean])[] = [
      ['$#null', '$: null', null, false],
      ['$#type:string', '$: the string "text"', 'text', false],
      ['$#type:number', '$: the number 42', 42, false],
      ['$#type:boolean', '$: the boolean true', true, false],
      ['$#type:array', '$: the array ["text"]', ['text'], false],
      ['$#empty:string', '$: the empty string', '', false],
      ['$#empty:array', '$: the empty array', [], false],
      ['$#empty:object', '$: the empty object', {}, false],
      ['$#wrapped:array', '$: wrapped in an array', [example], false],
      ['$#wrapped:object', '$: wrapped in an object under "data"', { data: example }, false],
      [
        '$#extra',
        '$: an extra member "extra": "text"',
        { token_type: 'Bearer', scope: 'a b', extra: 'text' },
        true,
      ],
      [
        '$#reordered',
        '$: the members in reverse order',
        { scope: 'a b', token_type: 'Bearer' },
        true,
      ],
    ];
    const tokenType: readonly (readonly [string, string, unknown, boolean])[] = [
      ['$.token_type#removed', '$.token_type: removed', { scope: 'a b' }, false],
      ...(
        [
          ['camelCase', 'tokenType'],
          ['kebab-case', 'token-type'],
          ['PascalCase', 'TokenType'],
          ['UPPER_CASE', 'TOKEN_TYPE'],
        ] as const
      ).map(
        ([variant, name]) =>
          [
            `$.token_type#renamed:${variant}`,
            `$.token_type: renamed "${name}" (${variant})`,
            { [name]: 'Bearer', scope: 'a b' },
            false,
          ] as const,
      ),
      ['$.token_type#null', '$.token_type: null', withType(null), false],
      ['$.token_type#type:number', '$.token_type: the number 42', withType(42), false],
      ['$.token_type#type:boolean', '$.token_type: the boolean true', withType(true), false],
      ['$.token_type#type:array', '$.token_type: the array ["text"]', withType(['text']), false],
      [
        '$.token_type#type:object',
        '$.token_type: the object {"key":"text"}',
        withType({ key: 'text' }),
        false,
      ],
      ['$.token_type#empty:string', '$.token_type: the empty string', withType(''), false],
      ['$.token_type#empty:array', '$.token_type: the empty array', withType([]), false],
      ['$.token_type#empty:object', '$.token_type: the empty object', withType({}), false],
      // The empty spoiler is the empty string above; doubling a space there is none leaves "Bearer".
      [
        '$.token_type#outside:leading-space',
        '$.token_type: " Bearer", not "Bearer"',
        withType(' Bearer'),
        false,
      ],
      [
        '$.token_type#outside:trailing-space',
        '$.token_type: "Bearer ", not "Bearer"',
        withType('Bearer '),
        false,
      ],
      [
        '$.token_type#outside:trailing-newline',
        '$.token_type: "Bearer\\n", not "Bearer"',
        withType('Bearer\n'),
        false,
      ],
      [
        '$.token_type#outside:stray-quote',
        '$.token_type: "Bearer\\"", not "Bearer"',
        withType('Bearer"'),
        false,
      ],
      [
        '$.token_type#outside:lower-case',
        '$.token_type: "bearer", not "Bearer"',
        withType('bearer'),
        false,
      ],
      [
        '$.token_type#outside:upper-case',
        '$.token_type: "BEARER", not "Bearer"',
        withType('BEARER'),
        false,
      ],
      [
        '$.token_type#wrapped:array',
        '$.token_type: wrapped in an array',
        withType(['Bearer']),
        false,
      ],
      [
        '$.token_type#wrapped:object',
        '$.token_type: wrapped in an object under "data"',
        withType({ data: 'Bearer' }),
        false,
      ],
    ];
    const scope: readonly (readonly [string, string, unknown, boolean])[] = [
      ['$.scope#removed', '$.scope: removed', { token_type: 'Bearer' }, false],
      // camelCase, snake_case and kebab-case of "scope" are "scope".
      [
        '$.scope#renamed:PascalCase',
        '$.scope: renamed "Scope" (PascalCase)',
        { token_type: 'Bearer', Scope: 'a b' },
        false,
      ],
      [
        '$.scope#renamed:UPPER_CASE',
        '$.scope: renamed "SCOPE" (UPPER_CASE)',
        { token_type: 'Bearer', SCOPE: 'a b' },
        false,
      ],
      ['$.scope#null', '$.scope: null', withScope(null), false],
      ['$.scope#type:number', '$.scope: the number 42', withScope(42), false],
      ['$.scope#type:boolean', '$.scope: the boolean true', withScope(true), false],
      ['$.scope#type:array', '$.scope: the array ["text"]', withScope(['text']), false],
      [
        '$.scope#type:object',
        '$.scope: the object {"key":"text"}',
        withScope({ key: 'text' }),
        false,
      ],
      ['$.scope#empty:string', '$.scope: the empty string', withScope(''), true],
      ['$.scope#empty:array', '$.scope: the empty array', withScope([]), false],
      ['$.scope#empty:object', '$.scope: the empty object', withScope({}), false],
      ['$.scope#wrapped:array', '$.scope: wrapped in an array', withScope(['a b']), false],
      [
        '$.scope#wrapped:object',
        '$.scope: wrapped in an object under "data"',
        withScope({ data: 'a b' }),
        false,
      ],
    ];

    it('lists the body replaced, then its members changed, each member replaced, in order', () => {
      assert.deepEqual(mutants(Token, example, { draws: 0 }).map(seen), [
        ...root,
        ...tokenType,
        ...scope,
      ]);
    });

    it('gives each its path, its codec path and its operator', () => {
      const list = mutants(Token, example, { draws: 0 });
      assert.deepEqual(
        [...new Set(list.map((m) => `${m.path} ${m.codecPath}`))],
        ['$ (body)', '$.token_type token_type', '$.scope scope'],
      );
      for (const m of list) assert.ok(m.id.startsWith(`${m.path}#${m.operator}`), m.id);
    });

    it('draws values the codec allows, `draws` of them at each place', () => {
      const list = mutants(Token, example, { draws: 3 });
      const drawn = list.filter((m) => m.operator === 'allowed');
      assert.ok(drawn.length > 0);
      for (const m of drawn) {
        assert.ok(m.allowedByCodec, m.description);
        assert.match(m.id, /#allowed:draw-[123]$/);
        assert.ok(m.description.startsWith(`${m.path}: drawn from the codec: `), m.description);
      }
      // A literal allows one value, the one it has: nothing is drawn at $.token_type.
      assert.ok(!drawn.some((m) => m.path === '$.token_type'));
      assert.ok(drawn.some((m) => m.path === '$.scope'));
    });
  });

  describe('every operator where it applies, at every depth', () => {
    const Sku = pattern('Sku', /^[A-Z]{3}-[0-9]{4}$/, 'ABC-1234', 'a SKU');
    const Payment = t.union([
      t.type({ method: t.literal('card'), last4: t.string }),
      t.type({ method: t.literal('transfer'), iban: t.string }),
    ]);
    const Order = t.intersection(
      [
        t.type({
          id: t.Int,
          status: t.keyof({ open: null, shipped: null }),
          lines: minItems(t.type({ sku: Sku, quantity: t.number }), 1),
          note: t.union([t.string, t.null]),
          tags: t.record(t.string, t.boolean),
          payment: Payment,
        }),
        t.partial({ coupon: t.string }),
      ],
      'Order',
    );
    const order = {
      id: 42,
      status: 'open',
      lines: [{ sku: 'ABC-1234', quantity: 2 }],
      note: null,
      tags: { gift: true },
      payment: { method: 'transfer', iban: 'FR76' },
    };
    const list = mutants(Order, order, { seed: 3 });
    const expect = (id: string, description: string, body: unknown, allowed: boolean) =>
      assert.deepEqual(seen(byId(list, id)), [id, description, body, allowed]);

    it('applies every operator', () => {
      assert.deepEqual(
        mutationOperators.filter((o) => !list.some((m) => m.operator === o)),
        [],
      );
    });

    it('removes a member, an element, a record entry', () => {
      const { id: _id, ...noId } = order;
      expect('$.id#removed', '$.id: removed', noId, false);
      expect('$.lines[0]#removed', '$.lines[0]: removed', { ...order, lines: [] }, false);
      expect('$.tags.gift#removed', '$.tags.gift: removed', { ...order, tags: {} }, true);
      const { iban: _iban, ...method } = order.payment;
      expect(
        '$.payment.iban#removed',
        '$.payment.iban: removed',
        { ...order, payment: method },
        false,
      );
    });

    it('goes outside a pattern, an enumeration, a literal in a union member, an integer', () => {
      const line = (sku: string) => ({ ...order, lines: [{ sku, quantity: 2 }] });
      expect(
        '$.lines[0].sku#outside:lower-case',
        '$.lines[0].sku: "abc-1234", not matching Sku',
        line('abc-1234'),
        false,
      );
      expect(
        '$.lines[0].sku#outside:trailing-space',
        '$.lines[0].sku: "ABC-1234 ", not matching Sku',
        line('ABC-1234 '),
        false,
      );
      expect(
        '$.status#outside:upper-case',
        '$.status: "OPEN", not one of "open", "shipped"',
        { ...order, status: 'OPEN' },
        false,
      );
      expect(
        '$.payment.method#outside:upper-case',
        '$.payment.method: "TRANSFER", not "transfer"',
        { ...order, payment: { method: 'TRANSFER', iban: 'FR76' } },
        false,
      );
      expect('$.id#outside:fraction', '$.id: 42.5, not an integer', { ...order, id: 42.5 }, false);
      // Random strings outside the pattern, seeded.
      const drawn = list.filter((m) => m.id.startsWith('$.lines[0].sku#outside:draw-'));
      assert.ok(drawn.length > 0 && drawn.every((m) => !m.allowedByCodec));
    });

    it('replaces a value by null, another type, an empty one, itself wrapped', () => {
      expect('$.tags.gift#null', '$.tags.gift: null', { ...order, tags: { gift: null } }, false);
      // A nullable value that is null: any string is allowed there.
      expect('$.note#type:string', '$.note: the string "text"', { ...order, note: 'text' }, true);
      assert.ok(!list.some((m) => m.id === '$.note#null'));
      expect('$.id#type:string', '$.id: the string "42"', { ...order, id: '42' }, false);
      expect(
        '$.lines[0].quantity#type:boolean',
        '$.lines[0].quantity: the boolean true',
        { ...order, lines: [{ sku: 'ABC-1234', quantity: true }] },
        false,
      );
      expect('$.tags#empty:object', '$.tags: the empty object', { ...order, tags: {} }, true);
      expect('$.lines#empty:array', '$.lines: the empty array', { ...order, lines: [] }, false);
      expect(
        '$.lines#wrapped:object',
        '$.lines: wrapped in an object under "data"',
        { ...order, lines: { data: order.lines } },
        false,
      );
      expect(
        '$.payment.iban#wrapped:array',
        '$.payment.iban: wrapped in an array',
        { ...order, payment: { method: 'transfer', iban: ['FR76'] } },
        false,
      );
    });

    it("renames an object's members, never a record's keys", () => {
      expect(
        '$.lines[0].quantity#renamed:UPPER_CASE',
        '$.lines[0].quantity: renamed "QUANTITY" (UPPER_CASE)',
        { ...order, lines: [{ sku: 'ABC-1234', QUANTITY: 2 }] },
        false,
      );
      assert.ok(!list.some((m) => m.path === '$.tags.gift' && m.operator === 'renamed'));
    });

    it('adds a member at every object level and reverses each one', () => {
      expect('$#extra', '$: an extra member "extra": "text"', { ...order, extra: 'text' }, true);
      expect(
        '$.lines[0]#extra',
        '$.lines[0]: an extra member "extra": "text"',
        { ...order, lines: [{ sku: 'ABC-1234', quantity: 2, extra: 'text' }] },
        true,
      );
      expect(
        '$.tags#extra',
        '$.tags: an extra member "extra": "text"',
        { ...order, tags: { gift: true, extra: 'text' } },
        false,
      );
      expect(
        '$.payment#reordered',
        '$.payment: the members in reverse order',
        { ...order, payment: { iban: 'FR76', method: 'transfer' } },
        true,
      );
      const reversed = byId(list, '$#reordered');
      assert.deepEqual(Object.keys(reversed.body as object), Object.keys(order).reverse());
    });

    it('draws values the codec allows, an absent optional member among them', () => {
      const coupon = byId(list, '$.coupon#allowed:draw-1');
      assert.ok(coupon.allowedByCodec);
      const { coupon: drawn, ...rest } = coupon.body as Record<string, unknown>;
      assert.deepEqual(rest, order);
      assert.equal(typeof drawn, 'string');
      assert.equal(
        coupon.description,
        `$.coupon: present, drawn from the codec: ${JSON.stringify(drawn)}`,
      );
      // The member the value takes is the union's: only its fields are changed.
      assert.ok(!list.some((m) => m.path.startsWith('$.payment.last4')));
    });

    it('gives the codec verdict of each, as decoding gives it', () => {
      for (const m of list) assert.equal(m.allowedByCodec, E.isRight(Order.decode(m.body)), m.id);
      assert.ok(list.some((m) => m.allowedByCodec) && list.some((m) => !m.allowedByCodec));
    });
  });

  describe('ids and values', () => {
    const Pair = t.type({ a: t.string, b: t.array(t.type({ c: t.number })) }, 'Pair');
    const pair = { a: 'x', b: [{ c: 1 }] };

    it('are the same run after run', () => {
      assert.deepEqual(
        mutants(Pair, pair, { seed: 9, draws: 2 }),
        mutants(Pair, pair, { seed: 9, draws: 2 }),
      );
    });

    it('stay when an unrelated sibling field is added: same ids, same changes below the root', () => {
      const Wider = t.type({ a: t.string, added: t.boolean, b: t.array(t.type({ c: t.number })) });
      const wider = { a: 'x', added: true, b: [{ c: 1 }] };
      const before = mutants(Pair, pair, { seed: 9, draws: 2 });
      const after = new Map(mutants(Wider, wider, { seed: 9, draws: 2 }).map((m) => [m.id, m]));
      for (const m of before) {
        const grown = after.get(m.id) ?? assert.fail(`${m.id} is gone`);
        if (m.path === '$') continue; // the body itself changed with it
        const { added, ...rest } = grown.body as Record<string, unknown>;
        assert.equal(added, true, m.id);
        assert.deepEqual(rest, m.body, m.id);
        assert.equal(grown.description, m.description);
      }
    });

    it('change with the seed', () => {
      const drawn = (seed: number) =>
        mutants(Pair, pair, { seed, operators: ['allowed'] }).map((m) => m.body);
      assert.notDeepEqual(drawn(1), drawn(2));
    });

    it('name a member that needs quoting in JSONPath with brackets', () => {
      const Odd = t.type({ 'x.y': t.string, "it's": t.string });
      const paths = new Set(mutants(Odd, { 'x.y': 'a', "it's": 'b' }).map((m) => m.path));
      assert.deepEqual([...paths], ['$', "$['x.y']", "$['it\\'s']"]);
    });
  });

  describe('options and refusals', () => {
    const Line = t.type({ sku: t.string, n: t.number });
    const line = { sku: 'a', n: 1 };

    it('applies only the operators asked for', () => {
      const list = mutants(Line, line, { operators: ['removed', 'reordered'] });
      assert.deepEqual(
        list.map((m) => m.id),
        ['$#reordered', '$.sku#removed', '$.n#removed'],
      );
    });

    it('draws none with draws 0', () => {
      assert.ok(!mutants(Line, line, { draws: 0 }).some((m) => m.operator === 'allowed'));
    });

    it('throws on options that mean nothing', () => {
      assert.throws(() => mutantsOf(Line, line, { draws: -1 }), /draws -1/);
      assert.throws(() => mutantsOf(Line, line, { seed: 0.5 }), /seed 0.5/);
    });

    it('refuses what the fold refuses, naming the path', () => {
      refusedAt(left(mutantsOf(t.type({ a: t.unknown }), { a: 1 })), 'a', 'unknown');
    });

    it('refuses an example the codec does not decode, naming the path', () => {
      refusedAt(left(mutantsOf(Line, { sku: 'a', n: 'one' })), 'n', 'number');
    });
  });
});
