/**
 * Finds the servers the distributed-tier contract suites need: a URL from the environment, or a
 * container started by testcontainers where a container runtime exists. Where neither exists the
 * suites are reported as skipped with the reason; nothing stands in for the real server.
 */
export interface ServerAvailability {
  url: string | null;
  /** Why there is no server, shown in the skipped suite's name. */
  reason: string;
  stop(): Promise<void>;
}

async function containerRuntimeProblem(): Promise<string | null> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export async function eventStoreDbServer(): Promise<ServerAvailability> {
  const fromEnv = process.env.EVENTSTORE_URL;
  if (fromEnv) return { url: fromEnv, reason: 'EVENTSTORE_URL', stop: async () => undefined };
  const problem = await containerRuntimeProblem();
  if (problem) return { url: null, reason: `no EVENTSTORE_URL set and no container runtime (${problem})`, stop: async () => undefined };
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer('eventstore/eventstore:24.10')
    .withEnvironment({ EVENTSTORE_INSECURE: 'true', EVENTSTORE_RUN_PROJECTIONS: 'None', EVENTSTORE_MEM_DB: 'true' })
    .withExposedPorts(2113)
    .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
    .start();
  return {
    url: `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`,
    reason: 'testcontainers',
    stop: async () => { await container.stop(); },
  };
}

export async function mongoDbServer(): Promise<ServerAvailability> {
  const fromEnv = process.env.MONGODB_URL;
  if (fromEnv) return { url: fromEnv, reason: 'MONGODB_URL', stop: async () => undefined };
  const problem = await containerRuntimeProblem();
  if (problem) return { url: null, reason: `no MONGODB_URL set and no container runtime (${problem})`, stop: async () => undefined };
  const { GenericContainer, Wait } = await import('testcontainers');
  // Transactions need a replica set: a single-node one, initiated once the server is up.
  const container = await new GenericContainer('mongo:8')
    .withCommand(['--replSet', 'rs0', '--bind_ip_all'])
    .withExposedPorts(27017)
    .withWaitStrategy(Wait.forLogMessage(/Waiting for connections/))
    .start();
  await container.exec(['mongosh', '--quiet', '--eval', "rs.initiate({_id:'rs0',members:[{_id:0,host:'localhost:27017'}]})"]);
  return {
    url: `mongodb://${container.getHost()}:${container.getMappedPort(27017)}/?directConnection=true`,
    reason: 'testcontainers',
    stop: async () => { await container.stop(); },
  };
}
