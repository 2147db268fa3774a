/** `dubbo-mesh --help`: the commands and flags this build has (cli.md is the full contract). */
export const HELP_TEXT = `dubbo-mesh: call Dubbo services over Triple from a shell

Usage:
  dubbo-mesh call <service>/<method> [ARGS_JSON] --direct <endpoint> (--proto <file> | --types <t1,t2,...>) [options]
  dubbo-mesh health <endpoint> [--service NAME] [--timeout MS]
  dubbo-mesh --version
  dubbo-mesh --help

Endpoints: host:port, unix:/abs/path, https://host:port (--ca F, --cert F --key F for mTLS).

Payload kinds (exactly one):
  --proto <file.proto>    IDL service: <service> is package.Service, ARGS_JSON the request in proto JSON form
                          (a JSON array of requests for client and bidi streaming)
  --types <t1,t2,...>     Java interface (hessian2): ARGS_JSON is the JSON array of arguments; types are
                          Class.getName() names: int, long, java.lang.String, [I, [Ljava.lang.String;,
                          java.util.List, java.util.Map, or a POJO/enum class name; --types '' for none

Options:
  --version V             service version          --group G          service group
  --app NAME              consumer application     --timeout MS       deadline of each call
  --attachment k=v        attachment (repeatable)  --idempotent       the method may be re-sent after a failure
  --max-message-bytes N   largest message, both directions (default 4194304)

Load mode:
  --repeat N [--concurrency C]     N calls, at most C in flight
  --duration S [--concurrency C]   calls for S seconds
  Prints one JSON line: ok, failed, p50_ms, p99_ms, rps, cpu_us_per_call, modes, errors, switches.

Output: the result as JSON lines on stdout, exit 0; an RPC error as one JSON line on stderr, exit 2;
a usage or configuration error as a message on stderr, exit 1.

Not available yet in this build: --sidecar, --registry, --mesh, --rules, and the providers, route,
sidecar and gen commands.
`;
