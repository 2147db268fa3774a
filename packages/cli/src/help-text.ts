/** `dubbo-mesh --help`: the commands and flags this build has (cli.md is the full contract). */
export const HELP_TEXT = `dubbo-mesh: call Dubbo services over Triple from a shell

Usage:
  dubbo-mesh call <service>/<method> [ARGS_JSON] <where> (--proto <file> | --types <t1,t2,...>) [options]
  dubbo-mesh providers <service> --registry <url> [--version V] [--group G] [--app NAME]
  dubbo-mesh route <service>/<method> --registry <url> --rules <file|dir> [--app NAME]
                   [--attachment k=v ...] [--args JSON] [--version V] [--group G]
  dubbo-mesh health <endpoint> [--service NAME] [--timeout MS]
  dubbo-mesh gen <file.proto ...> --out <dir>
  dubbo-mesh sidecar --listen unix:/path --registry <url> [--rules <file|dir>] [--serve svc=host:port ...]
                     [--listen-tcp 127.0.0.1:PORT] [--app NAME] [--metrics 127.0.0.1:PORT] | --config mesh.yaml
  dubbo-mesh --version
  dubbo-mesh --help

Where a call goes (exactly one):
  --direct <endpoint>     one provider, no governance: host:port, unix:/abs/path, https://host:port
  --registry <url>        Fat mode: the providers a registry lists, routed, balanced, failed over;
                          zookeeper://host:port[,host:port] or file:/path/providers.yaml
  --sidecar <endpoint>    Thin mode through the local sidecar: unix:/abs/path or 127.0.0.1:port
                          (--sidecar '' means DUBBO_MESH_SIDECAR, then unix:<tmpdir>/dubbo-mesh/sidecar.sock)
  --sidecar E --registry R --mesh
                          the mesh client: Thin while the sidecar is healthy, Fat when it fails, back to Thin
  --rules <file|dir>      routing rules for Fat and mesh mode (YAML; a directory means every *.yaml and *.yml)
  --ca F, --cert F --key F  TLS (mTLS) to the https:// endpoint, or to every provider in Fat and mesh mode

Payload kinds (exactly one):
  --proto <file.proto>    IDL service: <service> is package.Service, ARGS_JSON the request in proto JSON form
                          (a JSON array of requests for client and bidi streaming)
  --types <t1,t2,...>     Java interface (hessian2): ARGS_JSON is the JSON array of arguments; types are
                          Class.getName() names: int, long, java.lang.String, [I, [Ljava.lang.String;,
                          java.util.List, java.util.Map, or a POJO/enum class name; --types '' for none

Options:
  --version V             service version          --group G          service group
  --app NAME              consumer application (default dubbo-mesh-cli)
  --timeout MS            deadline of each call    --idempotent       the method may be re-sent after a failure
  --attachment k=v        attachment (repeatable)
  --max-message-bytes N   largest message, both directions (default 4194304; in Fat mode, requests only)

Load mode:
  --repeat N [--concurrency C]     N calls, at most C in flight
  --duration S [--concurrency C]   calls for S seconds
  Prints one JSON line: ok, failed, p50_ms, p99_ms, rps, cpu_us_per_call, modes, errors, switches.

providers prints one JSON array of the provider URLs the registry holds (tri://host:port/iface?k=v...).
route prints {"kept":["host:port",...],"explain":[{"router","before","after","rule"},...]}; nothing is
called. --args is the invocation's arguments as JSON (an array for Java methods, the request otherwise).

Output: the result as JSON lines on stdout, exit 0; an RPC error as one JSON line on stderr, exit 2;
a usage or configuration error as a message on stderr, exit 1.

sidecar serves Triple on a Unix socket, routes each call with the registry and rules and forwards it
untouched; it prints one line containing "ready" and drains on SIGTERM (dubbo-mesh sidecar --help).

gen writes one TypeScript module per .proto file (and per file it imports) under --out: message types
(M as decoded, MInit as accepted; 64-bit integers as decimal strings) and, for each service, a
descriptor exported under the service's name for createClient and the Thin, Fat and mesh clients.
Output is deterministic; it prints {"files":[...]} (docs/codegen.md).
`;
