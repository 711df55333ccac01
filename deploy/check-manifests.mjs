// Structural checks on the rendered deployment files, run by deploy/validate.sh:
//   node deploy/check-manifests.mjs <compose config output> <kustomize output> [app=port ...]
// The tools validate syntax and references; this checks what docs/architecture.md asks of every service
// (probes, non-root, own database, the port map, secrets by reference) and of the infrastructure.
import { readFileSync } from 'node:fs';
import { parse, parseAllDocuments } from 'yaml';

const [composeFile, kustomizeFile, ...appArgs] = process.argv.slice(2);
const compose = parse(readFileSync(composeFile, 'utf8'));
const objects = parseAllDocuments(readFileSync(kustomizeFile, 'utf8'))
  .map((d) => d.toJS())
  .filter(Boolean);
const problems = [];
const expect = (ok, message) => ok || problems.push(message);
const env = (service) => {
  const e = service?.environment ?? {};
  return Array.isArray(e) ? Object.fromEntries(e.map((kv) => kv.split(/=(.*)/s).slice(0, 2))) : e;
};
const published = (service, port) =>
  (service?.ports ?? []).some((p) =>
    typeof p === 'string' ? p === `${port}:${port}` : Number(p.published) === port && Number(p.target) === port,
  );

// infrastructure: infra/up.sh relies on these host ports and credentials
const pg = compose.services?.postgres;
expect(pg?.image === 'postgres:15', 'compose: postgres must use image postgres:15');
expect(published(pg, 5432), 'compose: postgres must publish 5432:5432');
expect(
  env(pg).POSTGRES_USER === 'civic' && env(pg).POSTGRES_PASSWORD === 'civic' && env(pg).POSTGRES_DB === 'civic',
  'compose: postgres must be civic/civic with database civic',
);
expect(pg?.healthcheck, 'compose: postgres needs a healthcheck (docker compose up --wait)');
const kafka = compose.services?.kafka;
expect(kafka?.image === 'apache/kafka:4.1.1', 'compose: kafka must use image apache/kafka:4.1.1');
expect(published(kafka, 9092), 'compose: kafka must publish 9092:9092');
expect(
  String(env(kafka).KAFKA_AUTO_CREATE_TOPICS_ENABLE) === 'false',
  'compose: kafka must turn topic auto-creation off',
);
expect(
  /broker/.test(env(kafka).KAFKA_PROCESS_ROLES) && /controller/.test(env(kafka).KAFKA_PROCESS_ROLES),
  'compose: kafka must run KRaft broker+controller',
);
for (const k of [
  'OFFSETS_TOPIC_REPLICATION_FACTOR',
  'TRANSACTION_STATE_LOG_REPLICATION_FACTOR',
  'TRANSACTION_STATE_LOG_MIN_ISR',
]) {
  expect(String(env(kafka)[`KAFKA_${k}`]) === '1', `compose: kafka needs KAFKA_${k}=1 on a single node`);
}
expect(kafka?.healthcheck, 'compose: kafka needs a healthcheck (docker compose up --wait)');
expect(
  objects.some((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('civic-platform')),
  'kustomize: the shared ConfigMap civic-platform is missing',
);

for (const arg of appArgs) {
  const [app, portText] = arg.split('=');
  const port = Number(portText);
  const db = `civic_${app.replaceAll('-', '_')}`;
  const svc = compose.services?.[app];
  if (!svc) {
    problems.push(`compose: no service "${app}" (run: bash deploy/new-app.sh ${app})`);
  } else {
    expect(svc.build?.args?.APP === app, `compose ${app}: build arg APP must be ${app}`);
    expect(published(svc, port), `compose ${app}: must publish ${port}:${port} (deploy/ports.conf)`);
    expect(String(env(svc).PORT) === String(port), `compose ${app}: PORT must be ${port}`);
    expect(
      String(env(svc).DATABASE_URL).endsWith(`/${db}`),
      `compose ${app}: DATABASE_URL must name its own database ${db}`,
    );
    for (const dep of ['postgres', 'kafka']) {
      expect(
        svc.depends_on?.[dep]?.condition === 'service_healthy',
        `compose ${app}: must depend on ${dep} being healthy`,
      );
    }
    // production's topic step: the one-shot creates the topics, the service only verifies them
    expect(
      svc.depends_on?.topics?.condition === 'service_completed_successfully',
      `compose ${app}: must wait for the topics one-shot`,
    );
    expect(env(svc).KAFKA_TOPICS === 'verify', `compose ${app}: KAFKA_TOPICS must be verify`);
  }
  const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === app);
  const service = objects.find((o) => o.kind === 'Service' && o.metadata.name === app);
  if (!deployment) {
    problems.push(`kustomize: no Deployment "${app}" (run: bash deploy/new-app.sh ${app})`);
    continue;
  }
  const pod = deployment.spec.template.spec;
  const c = pod.containers.find((x) => x.name === app) ?? pod.containers[0];
  const containerEnv = Object.fromEntries((c.env ?? []).map((e) => [e.name, e]));
  expect(
    c.readinessProbe?.httpGet?.path === '/health/ready',
    `kustomize ${app}: readinessProbe must GET /health/ready`,
  );
  expect(c.livenessProbe?.httpGet?.path === '/health/live', `kustomize ${app}: livenessProbe must GET /health/live`);
  expect(
    c.ports?.some((p) => p.containerPort === port),
    `kustomize ${app}: containerPort must be ${port}`,
  );
  expect(containerEnv.PORT?.value === String(port), `kustomize ${app}: PORT must be ${port}`);
  expect(pod.securityContext?.runAsNonRoot === true, `kustomize ${app}: pod must set runAsNonRoot`);
  expect(
    c.securityContext?.allowPrivilegeEscalation === false,
    `kustomize ${app}: container must forbid privilege escalation`,
  );
  expect(
    c.resources?.requests && c.resources?.limits?.memory,
    `kustomize ${app}: resources must set requests and a memory limit`,
  );
  expect(
    containerEnv.DATABASE_URL?.valueFrom?.secretKeyRef?.name,
    `kustomize ${app}: DATABASE_URL must come from a Secret`,
  );
  expect(
    c.envFrom?.some((e) => e.configMapRef?.name?.startsWith('civic-platform')),
    `kustomize ${app}: must take the shared ConfigMap`,
  );
  expect(
    service?.spec?.ports?.some((p) => p.port === port),
    `kustomize ${app}: Service on port ${port} is missing`,
  );
  // rollout (deploy/README.md "Rollout"): two replicas apart, a disruption budget, a drain before SIGKILL
  expect((deployment.spec.replicas ?? 1) >= 2, `kustomize ${app}: needs replicas >= 2`);
  expect(
    pod.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length ||
      pod.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length,
    `kustomize ${app}: needs pod anti-affinity`,
  );
  expect(c.lifecycle?.preStop, `kustomize ${app}: needs a preStop hook`);
  expect(
    objects.some(
      (o) => o.kind === 'PodDisruptionBudget' && o.spec?.selector?.matchLabels?.['app.kubernetes.io/name'] === app,
    ),
    `kustomize ${app}: needs a PodDisruptionBudget`,
  );
}
expect(
  objects.some((o) => o.kind === 'NetworkPolicy'),
  'kustomize: the NetworkPolicy of the platform is missing',
);
expect(
  objects.some((o) => o.kind === 'Job' && /topics/.test(o.metadata.name)),
  'kustomize: the Kafka topics Job is missing (services only verify topics in production)',
);

if (problems.length > 0) {
  console.error(problems.map((p) => `  - ${p}`).join('\n'));
  process.exit(1);
}
console.log(
  `[deploy] manifests checked: infrastructure${appArgs.length ? ` and ${appArgs.map((a) => a.split('=')[0]).join(', ')}` : ', no apps'}`,
);
