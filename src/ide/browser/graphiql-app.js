// GraphiQL for rentgraph, run in the browser after graphql-ws's and GraphQL Yoga's
// prebuilt GraphiQL bundles (globals `graphqlWs` and `YogaGraphiQL`). Served as is, not
// compiled: it stays plain ES2020 with no imports.
//
// Contract with the gateway:
// - queries and mutations are POSTed to the GraphQL endpoint with the headers editor's
//   headers (Authorization: Bearer <key>, x-api-key, Idempotency-Key, ...);
// - subscriptions run over graphql-ws on the same path, with the same headers as
//   connectionParams (names lower-cased, the way the gateway reads them), because a
//   browser WebSocket cannot carry headers.
(function () {
  'use strict';

  const config = JSON.parse(document.getElementById('rentgraph-graphiql-config').textContent);
  const httpUrl = new URL(config.endpoint, location.href);
  const wsUrl = new URL(httpUrl);
  wsUrl.protocol = httpUrl.protocol === 'https:' ? 'wss:' : 'ws:';

  // Monaco starts its workers from these same-origin files (see the page's worker-src).
  self.MonacoEnvironment = {
    globalAPI: false,
    getWorkerUrl: (_moduleId, label) => config.workers[label] ?? config.workers.editorWorkerService,
  };

  /** The operation GraphiQL runs: the named one, else the document's only one. */
  function operationTypeOf(documentAST, operationName) {
    const operations = (documentAST?.definitions ?? []).filter((definition) => definition.kind === 'OperationDefinition');
    const chosen = operationName ? operations.find((operation) => operation.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
    return chosen?.operation;
  }

  async function overHttp(params, headers) {
    const response = await fetch(httpUrl, {
      method: 'POST',
      credentials: 'omit',
      headers: { accept: 'application/graphql-response+json, application/json', 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: params.query, variables: params.variables ?? undefined, operationName: params.operationName ?? undefined }),
    });
    const text = await response.text();
    try {
      return JSON.parse(text);
    } catch {
      const type = response.headers.get('content-type') ?? 'no content type';
      return { errors: [{ message: `expected a JSON GraphQL response, got HTTP ${response.status} with ${type}: ${text.slice(0, 300)}` }] };
    }
  }

  // connectionParams go out once per socket, so each distinct set of headers gets its own
  // client. Clients are lazy: one with no running subscription holds no socket.
  const MAX_WS_CLIENTS = 8;
  const FORBIDDEN = 4403;
  const wsClients = new Map();
  function wsClientFor(headers) {
    const connectionParams = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
    const key = JSON.stringify(connectionParams);
    let client = wsClients.get(key);
    if (client === undefined) {
      client = graphqlWs.createClient({
        url: wsUrl.href,
        lazy: true,
        connectionParams,
        // The gateway answers a missing or wrong key with 4403, which the same headers would get again.
        shouldRetry: (closeEventOrError) => closeEventOrError?.code !== FORBIDDEN,
      });
      wsClients.set(key, client);
      if (wsClients.size > MAX_WS_CLIENTS) {
        const [oldestKey, oldest] = wsClients.entries().next().value;
        wsClients.delete(oldestKey);
        void oldest.dispose();
      }
    }
    return client;
  }

  /** What a failed graphql-ws subscription shows in the result pane. */
  function socketFailure(error) {
    if (Array.isArray(error)) return { errors: error };
    if (typeof error?.code === 'number') {
      const closed = `${error.code}${error.reason ? ` ${error.reason}` : ''}`;
      if (error.code === FORBIDDEN) {
        return { errors: [{ message: `the gateway refused the WebSocket connection (${closed}): expected an API key in the headers, as "Authorization": "Bearer <key>" or "x-api-key": "<key>"` }] };
      }
      return { errors: [{ message: `the WebSocket to ${wsUrl.href} closed (${closed})` }] };
    }
    return { errors: [{ message: error instanceof Error ? error.message : `the WebSocket to ${wsUrl.href} failed` }] };
  }

  /** An observable, which GraphiQL stops by unsubscribing; that completes the graphql-ws subscription. */
  function overWebSocket(params, headers) {
    return {
      subscribe(observer) {
        const payload = { query: params.query, variables: params.variables ?? undefined, operationName: params.operationName ?? undefined };
        const unsubscribe = wsClientFor(headers).subscribe(payload, {
          next: (result) => observer.next(result),
          error: (error) => {
            observer.next(socketFailure(error));
            observer.complete();
          },
          complete: () => observer.complete(),
        });
        return { unsubscribe };
      },
    };
  }

  function fetcher(params, options) {
    const headers = options?.headers ?? {};
    return operationTypeOf(options?.documentAST, params.operationName) === 'subscription' ? overWebSocket(params, headers) : overHttp(params, headers);
  }

  YogaGraphiQL.renderYogaGraphiQL(document.getElementById('graphiql'), {
    fetcher,
    title: 'rentgraph',
    logo: config.logo,
    defaultQuery: config.defaultQuery,
    defaultHeaders: config.defaultHeaders,
    // A client key typed into the headers editor stays in this tab's memory, never in localStorage.
    shouldPersistHeaders: false,
    defaultEditorToolsVisibility: config.defaultHeaders === '' ? false : 'headers',
  });
})();
