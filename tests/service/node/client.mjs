// A fulfillment client written in Node.js, talking to the Order API through orderguard's proxy.
// It changes nothing but the endpoint: create an order, start it, ship it (sandbox), read it,
// then try to cancel it; the proxy refuses the cancel in the API's own error layout.
// Usage: node client.mjs PROXY_GRAPHQL_URL CREATE_VARIABLES.json   (exit 0: every check held)
import { readFileSync } from "node:fs";

const [endpoint, variablesFile] = process.argv.slice(2);
const headers = {
  "content-type": "application/json",
  authorization: "Bearer node-client-token",
  "x-api-version": "2024-11-01",
};

async function graphql(query, variables = {}) {
  const response = await fetch(endpoint, {
    method: "POST",
    headers,
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: await response.json() };
}

function expect(condition, message, seen) {
  if (!condition) {
    console.error(`FAILED: ${message}: ${JSON.stringify(seen)}`);
    process.exit(1);
  }
}

const created = await graphql(
  `mutation Create($input: CreateOrderInput!) {
     createOrder(input: $input) { order { id metadata { executionState } } }
   }`,
  JSON.parse(readFileSync(variablesFile, "utf8")),
);
const order = created.body.data?.createOrder?.order;
expect(order?.metadata?.executionState === "NOT_STARTED", "create", created);

const started = await graphql(
  `mutation Start($id: ID!) {
     updateOrder(orderIdentifier: {orderId: $id}, input: {desiredExecutionState: STARTED}) {
       order { id metadata { executionState } }
     }
   }`,
  { id: order.id },
);
expect(
  started.body.data?.updateOrder?.order?.metadata?.executionState === "STARTED",
  "start",
  started,
);

const shipped = await graphql(
  `mutation Ship($id: ID!) {
     updateOrderPackageInformation(orderIdentifier: {orderId: $id}, input: {state: IN_TRANSIT}) {
       order { id }
     }
   }`,
  { id: order.id },
);
expect(shipped.body.data?.updateOrderPackageInformation?.order?.id === order.id, "ship", shipped);

const read = await graphql(
  `query Read($id: ID!) {
     order(orderIdentifier: {orderId: $id}) { id packageInformation { details { id state } } }
   }`,
  { id: order.id },
);
expect(read.body.data?.order?.packageInformation?.details?.[0]?.state === "IN_TRANSIT", "read", read);

const cancelled = await graphql(
  `mutation Cancel($id: ID!) {
     cancelOrder(orderIdentifier: {orderId: $id}, input: {reason: OUT_OF_STOCK}) {
       cancellation { id state }
     }
   }`,
  { id: order.id },
);
const error = cancelled.body.errors?.[0];
expect(cancelled.status === 200 && cancelled.body.data === null, "cancel answer", cancelled);
expect(error?.extensions?.refusedBy === "orderguard", "cancel refused by orderguard", cancelled);
expect(error?.extensions?.errorType === "ValidationError", "cancel error type", cancelled);
expect(error?.path?.[0] === "cancelOrder", "cancel error path", cancelled);
expect(error?.extensions?.violations?.length >= 1, "cancel violations", cancelled);

console.log(JSON.stringify({ orderId: order.id, refused: error.extensions.violations[0] }));
