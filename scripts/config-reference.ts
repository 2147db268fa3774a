/**
 * Renders docs/configuration.md, the configuration reference, from the TSDoc of the option
 * interfaces themselves: every key a user can set is listed with its type and what its comment
 * says (defaults included), so the reference cannot drift from the code (scripts/sync-docs.ts
 * writes it; test/docs checks the committed file is current).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** One documented options interface: where it is, and what a user passes it to. */
interface OptionsSection {
  readonly file: string;
  readonly name: string;
  readonly usedBy: string;
}

const SECTIONS: readonly OptionsSection[] = [
  {
    file: 'packages/sdk-thin/src/thin-client.ts',
    name: 'ThinClientOptions',
    usedBy: '`createThinClient(options)` (`@dubbo-mesh/sdk-thin`)',
  },
  {
    file: 'packages/sdk-fat/src/fat/fat-client.ts',
    name: 'FatClientOptions',
    usedBy: '`createFatClient(options)` (`@dubbo-mesh/sdk-fat`)',
  },
  {
    file: 'packages/sdk-fat/src/mesh/mesh-client.ts',
    name: 'MeshClientOptions',
    usedBy: '`createMeshClient(options)` (`@dubbo-mesh/sdk-fat`); also takes every `FatClientOptions` key',
  },
  {
    file: 'packages/sdk-fat/src/mesh/fat-security.ts',
    name: 'MeshSecurityOptions',
    usedBy: '`security` of `createMeshClient`',
  },
  {
    file: 'packages/sdk-fat/src/mesh/probe-backoff.ts',
    name: 'ProbeBackoffOptions',
    usedBy: '`probe` of `createMeshClient`',
  },
  {
    file: 'packages/sdk-fat/src/outlier/outlier-detector.ts',
    name: 'OutlierOptions',
    usedBy: '`outlierDetection` of `createFatClient`',
  },
  {
    file: 'packages/sdk-fat/src/router/traffic-label/lane-router.ts',
    name: 'LaneRouterOptions',
    usedBy: '`lanes` of `createFatClient`',
  },
  {
    file: 'packages/sdk-fat/src/registry/registry.ts',
    name: 'RegistryOptions',
    usedBy: '`registryOptions` of `createFatClient`',
  },
  {
    file: 'packages/sidecar/src/sidecar-options.ts',
    name: 'SidecarOptions',
    usedBy:
      '`startSidecar(options)` (`@dubbo-mesh/sidecar`); the `dubbo-mesh sidecar` flags and `--config` YAML keys map onto these',
  },
  {
    file: 'packages/sdk-core/src/http2-transport.ts',
    name: 'Http2TransportOptions',
    usedBy:
      '`createHttp2Transport(endpoint, options)` (`@dubbo-mesh/sdk-core`); includes the channel options',
  },
  {
    file: 'packages/sdk-core/src/http2-channel.ts',
    name: 'TlsOptions',
    usedBy: '`tls` of the transport, the Fat client and the mesh client',
  },
  {
    file: 'packages/sdk-core/src/keepalive.ts',
    name: 'KeepaliveOptions',
    usedBy: '`keepalive` of the transport and the Thin client',
  },
  {
    file: 'packages/sdk-core/src/backoff.ts',
    name: 'BackoffOptions',
    usedBy: '`backoff` of the transport and the Thin client',
  },
  {
    file: 'packages/sdk-core/src/create-client.ts',
    name: 'ClientOptions',
    usedBy:
      '`createClient(descriptor, transport, options)` and `client(descriptor, options)` of every client',
  },
  {
    file: 'packages/sdk-core/src/call-options.ts',
    name: 'CallOptions',
    usedBy: 'the last argument of a call, `withCallOptions(options, fn)`, and `defaults` of a client',
  },
  {
    file: 'packages/sdk-core/src/proto-service.ts',
    name: 'ProtoServiceOptions',
    usedBy: '`loadProtoService(files, name, options)` and `protoService(root, name, options)`',
  },
];

const ENVIRONMENT: readonly (readonly [string, string])[] = [
  [
    'DUBBO_MESH_SIDECAR',
    'The sidecar endpoint of the Thin and mesh clients when `sidecar` is not given (`unix:/abs/path` or `127.0.0.1:port`).',
  ],
  [
    'DUBBO_MESH_HTTP2_ENGINE',
    "The HTTP/2 engine of every channel created without `engine`, and of the sidecar's inbound server: `direct` (the default, sdk-core's own framing) or `node` (node:http2). Read when a channel or the sidecar is created.",
  ],
  [
    'DUBBO_MESH_DEBUG',
    'Debug lines on stderr for the named components: `channel,router,registry,mesh,sidecar` or `*` ([observability.md](observability.md)).',
  ],
];

function docOf(symbol: ts.Symbol, checker: ts.TypeChecker): string {
  const text = ts
    .displayPartsToString(symbol.getDocumentationComment(checker))
    .replace(/\s*\n\s*/g, ' ')
    .trim();
  const tags = symbol
    .getJsDocTags(checker)
    .map((tag) => `@${tag.name} ${ts.displayPartsToString(tag.text ?? [])}`.trim())
    .join(' ');
  return [text, tags].filter((part) => part !== '').join(' ');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function sectionMarkdown(section: OptionsSection, program: ts.Program): string {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(join(ROOT, section.file));
  if (source === undefined) throw new Error(`${section.file} is not in the program`);
  const declaration = source.statements.find(
    (statement): statement is ts.InterfaceDeclaration =>
      ts.isInterfaceDeclaration(statement) && statement.name.text === section.name,
  );
  if (declaration === undefined) throw new Error(`${section.name} is not declared in ${section.file}`);
  const type = checker.getTypeAtLocation(declaration);
  const rows = checker.getPropertiesOfType(type).map((property) => {
    const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
    const propertyType = checker.getTypeOfSymbolAtLocation(property, declaration);
    const fullType = checker.typeToString(propertyType, declaration, ts.TypeFormatFlags.NoTruncation);
    // An optional key's `| undefined` says nothing the "(required)" mark does not.
    const localType = fullType
      .replace(/import\("[^"]*"\)\./g, '')
      .replace(/Buffer<ArrayBufferLike>/g, 'Buffer');
    const typeText = optional ? localType.replace(/ \| undefined$/, '') : localType;
    return `| \`${property.name}\`${optional ? '' : ' (required)'} | \`${cell(typeText)}\` | ${cell(docOf(property, checker))} |`;
  });
  const intro = docOf(checker.getSymbolAtLocation(declaration.name) ?? type.symbol, checker);
  return [
    `## \`${section.name}\``,
    '',
    `Used by ${section.usedBy}. Declared in [\`${section.file}\`](../${section.file}).${intro === '' ? '' : ` ${intro}`}`,
    '',
    '| key | type | meaning |',
    '|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

export function renderConfigurationReference(): string {
  const program = ts.createProgram(
    SECTIONS.map((section) => join(ROOT, section.file)),
    {
      strict: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      customConditions: ['source'],
      noEmit: true,
      skipLibCheck: true,
    },
  );
  return [
    '# Configuration reference',
    '',
    '<!-- Generated by `pnpm exec tsx scripts/config-reference.ts` from the TSDoc of the option interfaces. Do not edit by hand. -->',
    '',
    'Every option of every entry point, with its type and meaning, taken from the code. Durations are',
    'milliseconds (`...Ms`), sizes bytes (`...Bytes`). The CLI flags are in [cli.md](cli.md).',
    '',
    '## Environment',
    '',
    '| variable | meaning |',
    '|---|---|',
    ...ENVIRONMENT.map(([name, meaning]) => `| \`${name}\` | ${meaning} |`),
    '',
    ...SECTIONS.map((section) => sectionMarkdown(section, program)),
  ].join('\n');
}
