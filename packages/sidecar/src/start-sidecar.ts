import type { IncomingHttpHeaders } from 'node:http2';
import { Code } from '@dubbo-mesh/codec-triple';
import {
  formatServiceKey,
  type InboundStream,
  namespaceLogger,
  type ServingStatus,
} from '@dubbo-mesh/sdk-core';
import {
  buildRuleSet,
  type ConfigCenter,
  ConfigCenterRules,
  createRegistry,
  DEFAULT_LOAD_BALANCE,
  EndpointPool,
  invalidEntryCount,
  ProviderSource,
  readRuleFiles,
  watchRuleFiles,
} from '@dubbo-mesh/sdk-fat';
import { type ForwardContext, ForwardedCall } from './forwarded-call.js';
import { HEALTH_SERVICE_PREFIX, serveHealthCheck } from './health-endpoint.js';
import { describeInboundCall } from './inbound-call.js';
import { InboundReply } from './inbound-reply.js';
import { InboundServer } from './inbound-server.js';
import { loopbackAddressOf, socketPathOf } from './listen-address.js';
import { localHost } from './local-host.js';
import { type MetricsServer, startMetricsServer } from './metrics-server.js';
import { DEFAULT_MAX_REPLAY_BYTES } from './request-replay.js';
import { parseServedProvider, servedProviderUrl } from './served-provider.js';
import { SidecarMetrics } from './sidecar-metrics.js';
import {
  DEFAULT_DRAIN_TIMEOUT_MS,
  DEFAULT_SIDECAR_APP,
  type Sidecar,
  type SidecarOptions,
} from './sidecar-options.js';
import { SidecarRouter } from './sidecar-router.js';
import { prepareSocketPath, restrictSocketMode } from './socket-file.js';

/**
 * Starts the local sidecar (ARCHITECTURE.md "sidecar"): an HTTP/2 server on a Unix socket (and
 * optionally loopback TCP) that routes each Triple call with the sdk-fat engine from its headers and
 * pipes its bytes to the chosen provider untouched; it answers `grpc.health.v1.Health/Check` itself,
 * serves Prometheus metrics, and registers the local application's providers. Resolves once it
 * accepts calls; rejects with an error naming the problem (a bad rule file, a socket in use).
 *
 * @example
 * const sidecar = await startSidecar({ listen: '/run/dubbo-mesh/sidecar.sock', registry: 'zookeeper://127.0.0.1:2181' });
 * process.once('SIGTERM', () => void sidecar.drain());
 */
export async function startSidecar(options: SidecarOptions): Promise<Sidecar> {
  const socketPath = socketPathOf(options.listen);
  const tcp = options.listenTcp === undefined ? undefined : loopbackAddressOf(options.listenTcp);
  const metricsAt = options.metrics === undefined ? undefined : loopbackAddressOf(options.metrics);
  const sidecarLog = namespaceLogger('sidecar', options.logger);
  const registryLog = namespaceLogger('registry', options.logger);
  const routerLog = namespaceLogger('router', options.logger);
  // Lines that need a person (rule warnings, registry errors): `log` if given, else the logger, else stderr.
  const log =
    options.log ??
    (options.logger
      ? (line: string) => sidecarLog.warn({}, line)
      : (line: string) => process.stderr.write(`dubbo-mesh sidecar: ${line}\n`));
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const application = options.application ?? DEFAULT_SIDECAR_APP;
  const served = (options.serve ?? []).map((s) => (typeof s === 'string' ? parseServedProvider(s) : s));
  let documents = typeof options.rules === 'string' ? readRuleFiles(options.rules) : (options.rules ?? []);
  // Lanes (traffic-label.md "Thin mode"): the SDK labels the call, the sidecar routes on the label.
  const ruleSetOptions = { random, ...(options.lanes ? { lanes: options.lanes } : {}) };
  let ruleSet = buildRuleSet(documents, ruleSetOptions);
  for (const warning of ruleSet.warnings) log(`rules: ${warning}`);
  for (const document of documents) {
    if (document.kind === 'condition' && /arguments\[/.test(document.text)) {
      log(
        `rules: ${document.file} (document ${document.documentIndex + 1}) has argument conditions, which never ` +
          'match in the sidecar: it routes on headers and never decodes bodies (they apply in Fat mode)',
      );
    }
  }

  const ownsRegistry = typeof options.registry === 'string';
  const registry =
    typeof options.registry === 'string'
      ? createRegistry(options.registry, {
          application,
          logger: registryLog,
          onError: (error) => log(`registry: ${error.message}`),
        })
      : options.registry;
  if (served.length > 0 && typeof registry.register !== 'function') {
    if (ownsRegistry) await registry.close();
    throw new Error(
      `the registry ${typeof options.registry === 'string' ? options.registry : ''} cannot register ` +
        'providers (serve needs a zookeeper:// registry)',
    );
  }
  const consumer = { application, host: localHost(), params: { application } };
  const endpoints = new EndpointPool({
    ...(options.logger ? { logger: options.logger } : {}),
    ...options.providerChannel,
  });
  const source = new ProviderSource(registry, {
    consumer,
    ...(options.firstListTimeoutMs ? { firstListTimeoutMs: options.firstListTimeoutMs } : {}),
    onChange: (key, set) => {
      registryLog.info(
        { service: formatServiceKey(key), providers: set.providers.length },
        'provider list changed',
      );
      endpoints.useProviders(key, set);
      configRules?.watchService(key);
      configRules?.watchApplications(set);
    },
  });
  source.setConfigurators(ruleSet.configurators);
  // Rules pushed to the registry's config center, as a Java consumer of the same services watches
  // them; combined with the rule files, validated before anything changes (a bad push is logged
  // and the previous rules stay in force).
  const configRules =
    typeof registry.watch === 'function'
      ? new ConfigCenterRules(
          registry as ConfigCenter,
          application,
          (pushed) => {
            try {
              const next = buildRuleSet([...documents, ...pushed], ruleSetOptions);
              source.setConfigurators(next.configurators);
              ruleSet = next;
              routerLog.info({ pushed: pushed.length }, 'config-center rules applied');
              return undefined;
            } catch (err) {
              return err instanceof Error ? err : new Error(String(err));
            }
          },
          (error) => log(`rules: rejected, previous rules stay in force: ${error.message}`),
        )
      : undefined;
  // Rule files are watched too: an edit applies without a restart, a broken one is logged and ignored.
  const stopWatchingRules =
    typeof options.rules === 'string'
      ? watchRuleFiles(
          options.rules,
          (edited) => {
            const next = buildRuleSet([...edited, ...(configRules?.documents ?? [])], ruleSetOptions);
            source.setConfigurators(next.configurators);
            ruleSet = next;
            documents = edited;
            routerLog.info({ documents: edited.length }, 'rule files reloaded');
          },
          (error) => log(`rules: rejected, previous rules stay in force: ${error.message}`),
        )
      : undefined;
  const router = new SidecarRouter({
    source,
    routers: () => ruleSet.chain,
    consumer,
    defaultLoadBalance: DEFAULT_LOAD_BALANCE,
    now,
    random,
  });
  const metrics = new SidecarMetrics();
  metrics.countInvalidRegistryEntries(() => invalidEntryCount(registry));
  const context: ForwardContext = {
    router,
    channelFor: (provider) => endpoints.transportFor(provider).channel,
    metrics,
    maxReplayBytes: options.maxReplayBytes ?? DEFAULT_MAX_REPLAY_BYTES,
    now,
  };

  let draining = false;
  const statusOf = async (service: string): Promise<ServingStatus> => {
    if (draining) return 'NOT_SERVING';
    if (service === '') return 'SERVING';
    // A named service is served when the registry lists a provider of it.
    const listed = await router.listed({ serviceName: service }).catch(() => 0);
    return listed > 0 ? 'SERVING' : 'NOT_SERVING';
  };
  const onStream = (stream: InboundStream, headers: IncomingHttpHeaders): void => {
    const path = headers[':path'] ?? '';
    if (path.startsWith(HEALTH_SERVICE_PREFIX)) {
      serveHealthCheck(stream, path, statusOf);
      return;
    }
    const call = describeInboundCall(headers);
    if (typeof call === 'string') {
      stream.resume();
      new InboundReply(stream).fail(Code.Unimplemented, call);
      return;
    }
    new ForwardedCall(stream, headers, call, context).start();
  };

  const server = new InboundServer(onStream);
  const registered: string[] = [];
  let metricsServer: MetricsServer | undefined;
  let tcpAddress: string | undefined;
  const shutdown = async (): Promise<void> => {
    await Promise.all(
      registered.map((url) =>
        registry
          .unregister?.(url)
          .catch((error: unknown) => log(`deregistering ${url} failed: ${String(error)}`)),
      ),
    );
    stopWatchingRules?.();
    configRules?.close();
    source.close();
    await endpoints.close();
    if (ownsRegistry) await registry.close();
    await metricsServer?.close();
  };
  try {
    await prepareSocketPath(socketPath);
    await server.listenUnix(socketPath);
    await restrictSocketMode(socketPath);
    if (tcp) tcpAddress = await server.listenTcp(tcp.host, tcp.port);
    if (metricsAt) metricsServer = await startMetricsServer(metricsAt.host, metricsAt.port, metrics);
    const identity = { application, timestamp: now(), pid: process.pid };
    for (const provider of served) {
      const url = servedProviderUrl(provider, identity);
      await registry.register!(url);
      registered.push(url);
    }
  } catch (err) {
    server.close();
    await shutdown();
    throw err;
  }

  let stopping: Promise<boolean> | undefined;
  const drainTimeoutMs = options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS;
  return {
    socketPath,
    tcpAddress,
    metricsUrl: metricsServer?.url,
    registered,
    get draining() {
      return draining;
    },
    drain() {
      stopping ??= (async () => {
        draining = true;
        const clean = await server.drain(drainTimeoutMs);
        if (!clean) log(`drain: calls still in flight after ${drainTimeoutMs} ms were reset`);
        await shutdown();
        return clean;
      })();
      return stopping;
    },
    async close() {
      draining = true;
      // Destroys every session, so a drain in progress ends at once too.
      server.close();
      stopping ??= shutdown().then(() => false);
      await stopping;
    },
  };
}
