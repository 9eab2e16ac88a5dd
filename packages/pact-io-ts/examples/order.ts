import { PactV4 } from '@pact-foundation/pact';
import * as t from 'io-ts';
import { matchersFor, minItems, pattern } from 'pact-io-ts';

const Sku = pattern('Sku', /^[A-Z]{3}-[0-9]{4}$/, 'ABC-1234', 'three capitals, a dash, 4 digits');

export const Order = t.type(
  {
    id: t.Int,
    status: t.keyof({ open: null, shipped: null }),
    lines: minItems(t.type({ sku: Sku, quantity: t.number }), 1),
  },
  'Order',
);

export const orderExample = { id: 42, status: 'open', lines: [{ sku: 'XYZ-0001', quantity: 2 }] };

/** The client: it reads an order with the same codec. */
export const getOrder = async (baseUrl: string, id: number) => {
  const response = await fetch(`${baseUrl}/orders/${id}`);
  return Order.decode(await response.json());
};

/** The consumer test: the client against Pact's mock server, which writes the pact to `dir`. */
export const recordOrderPact = (dir: string) =>
  new PactV4({ consumer: 'shop-web', provider: 'orders-api', dir })
    .addInteraction()
    .given('order 42 is open')
    .uponReceiving('a request for order 42')
    .withRequest('GET', '/orders/42')
    .willRespondWith(200, (res) => res.jsonBody(matchersFor(Order, orderExample)))
    .executeTest((mockServer) => getOrder(mockServer.url, 42));
